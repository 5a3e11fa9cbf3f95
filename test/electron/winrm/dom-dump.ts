import type { Document, Node } from '@xmldom/xmldom';

/**
 * Everything the DOM API shows of a document, as plain data: node types, names, namespaces,
 * attributes in order, text, and the document's own children (a declaration, leading white space).
 * Two trees with equal dumps cannot be told apart by any reader in electron/winrm.
 */
export function dumpDocument(node: Node): unknown {
  const doc = (node.ownerDocument ?? node) as Document;
  return { doctype: doc.doctype?.nodeName ?? null, children: children(doc) };
}

function children(node: Node): unknown[] {
  const out: unknown[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) out.push(dumpNode(child));
  return out;
}

function dumpNode(node: Node): unknown {
  const common = { type: node.nodeType, name: node.nodeName, namespace: node.namespaceURI ?? null, prefix: node.prefix ?? null, local: node.localName ?? null };
  if (node.nodeType !== 1) return { ...common, value: node.nodeValue };
  const element = node as unknown as { attributes: ArrayLike<{ name: string; namespaceURI: string | null; prefix: string | null; localName: string; value: string }> };
  const attributes = Array.from(element.attributes, (a) => ({ name: a.name, namespace: a.namespaceURI ?? null, prefix: a.prefix ?? null, local: a.localName, value: a.value }));
  return { ...common, attributes, text: node.textContent, children: children(node) };
}
