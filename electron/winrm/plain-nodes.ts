import { ELEMENT_NODE, TEXT_NODE, type XmlAttribute, type XmlElement, type XmlNode } from './xml-node.ts';

/**
 * The nodes the plain reader builds: the few DOM properties the readers use, no document, no
 * mutation after the reader is done. Text keeps its place in the reply's bytes and becomes a string
 * only when asked for, so a Stream's base64 is decoded from the bytes and never held as a string.
 */
export class PlainText implements XmlNode {
  readonly nodeType = TEXT_NODE;
  readonly nodeName = '#text';
  readonly namespaceURI = null;
  readonly prefix = null;
  readonly localName = null;
  readonly firstChild = null;
  readonly lastChild = null;
  nextSibling: XmlNode | null = null;
  readonly #bytes: Buffer;
  readonly #start: number;
  readonly #end: number;
  #value: string | undefined;
  #taken = false;

  /** `bytes[start, end)` holds the text as it was sent, UTF-8. */
  constructor(bytes: Buffer, start: number, end: number) {
    this.#bytes = bytes;
    this.#start = start;
    this.#end = end;
  }

  get nodeValue(): string {
    if (this.#taken) throw new Error('This text was handed over to be decoded where it lies, and cannot be read again.');
    if (this.#value === undefined) {
      const raw = this.#bytes.toString('utf8', this.#start, this.#end);
      // As xmldom reads it: line ends normalized to LF.
      this.#value = raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
    }
    return this.#value;
  }

  get textContent(): string {
    return this.nodeValue;
  }

  /**
   * Hands over the text's bytes, a view into the reply, when they are exactly its UTF-8 value (no
   * line end to normalize): a Stream's base64 is decoded over them, so the node cannot be read again.
   * Null, and nothing handed over, for any other text.
   */
  take(): Buffer | null {
    if (this.#taken) return null;
    const bytes = this.#bytes.subarray(this.#start, this.#end);
    if (bytes.indexOf(0x0d) >= 0) return null;
    this.#taken = true;
    return bytes;
  }
}

export class PlainAttribute implements XmlAttribute {
  readonly name: string;
  readonly namespaceURI: string | null;
  readonly prefix: string | null;
  readonly localName: string;
  readonly value: string;

  constructor(namespaceURI: string | null, name: string, value: string) {
    const colon = name.indexOf(':');
    this.name = name;
    this.namespaceURI = namespaceURI;
    this.prefix = colon < 0 ? null : name.slice(0, colon);
    this.localName = name.slice(colon + 1);
    this.value = value;
  }
}

export class PlainElement implements XmlElement {
  readonly nodeType = ELEMENT_NODE;
  readonly nodeName: string;
  readonly namespaceURI: string | null;
  readonly prefix: string | null;
  readonly localName: string;
  readonly nodeValue = null;
  readonly attributes: readonly PlainAttribute[];
  firstChild: XmlNode | null = null;
  lastChild: XmlNode | null = null;
  nextSibling: XmlNode | null = null;

  constructor(namespaceURI: string | null, qName: string, attributes: readonly PlainAttribute[]) {
    const colon = qName.indexOf(':');
    this.nodeName = qName;
    this.namespaceURI = namespaceURI;
    this.prefix = colon < 0 ? null : qName.slice(0, colon);
    this.localName = qName.slice(colon + 1);
    this.attributes = attributes;
  }

  get textContent(): string {
    let text = '';
    for (let child = this.firstChild; child; child = child.nextSibling) text += child.textContent ?? '';
    return text;
  }

  getAttribute(qualifiedName: string): string | null {
    for (const attribute of this.attributes) if (attribute.name === qualifiedName) return attribute.value;
    return null;
  }

  append(child: PlainElement | PlainText): void {
    if (this.lastChild) (this.lastChild as PlainElement | PlainText).nextSibling = child;
    else this.firstChild = child;
    this.lastChild = child;
  }
}
