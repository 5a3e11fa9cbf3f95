import type { XmlElement, XmlNode } from '../../../electron/winrm/xml-node.ts';

/**
 * Everything the readers' view of a tree shows, as plain data: node types, names, namespaces,
 * attributes in order, text. Two trees with equal dumps cannot be told apart by any reader in
 * electron/winrm, whichever parser built them.
 */
export function dumpTree(root: XmlElement): unknown {
  return dumpNode(root);
}

function dumpNode(node: XmlNode): unknown {
  const common = { type: node.nodeType, name: node.nodeName, namespace: node.namespaceURI ?? null, prefix: node.prefix ?? null, local: node.localName ?? null };
  if (node.nodeType !== 1) return { ...common, value: node.nodeValue };
  const element = node as XmlElement;
  const attributes = Array.from(element.attributes, (a) => ({ name: a.name, namespace: a.namespaceURI ?? null, prefix: a.prefix ?? null, local: a.localName, value: a.value }));
  const children: unknown[] = [];
  for (let child = node.firstChild; child; child = child.nextSibling) children.push(dumpNode(child));
  return { ...common, attributes, text: node.textContent, children };
}
