/**
 * The part of the DOM that the WS-Management readers use: both trees a reply can become satisfy it —
 * the plain reader's own light nodes (plain-nodes.ts) and xmldom's, built only for irregular XML.
 */
export interface XmlNode {
  readonly nodeType: number;
  readonly nodeName: string;
  readonly namespaceURI: string | null;
  readonly prefix: string | null;
  readonly localName: string | null;
  readonly nodeValue: string | null;
  readonly textContent: string | null;
  readonly firstChild: XmlNode | null;
  readonly lastChild: XmlNode | null;
  readonly nextSibling: XmlNode | null;
}

export interface XmlAttribute {
  readonly name: string;
  readonly namespaceURI: string | null;
  readonly prefix: string | null;
  readonly localName: string | null;
  readonly value: string;
}

export interface XmlElement extends XmlNode {
  readonly attributes: ArrayLike<XmlAttribute>;
  /** The value of the first attribute whose qualified name is `qualifiedName`; null when there is none. */
  getAttribute(qualifiedName: string): string | null;
}

export const ELEMENT_NODE = 1;
export const TEXT_NODE = 3;
