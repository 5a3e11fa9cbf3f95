import { DOMParser, type Element, type Node } from '@xmldom/xmldom';
import { DeskError } from '../../shared/errors.ts';
import { parsePlainXml } from './plain-xml.ts';
import { checkXmlLimits } from './xml-limits.ts';

const ELEMENT_NODE = 1;
const TEXT_NODE = 3;

/**
 * Parses a server's XML; anything that is not well-formed, or exceeds XML_LIMITS, is
 * MALFORMED_RESPONSE, never a partial tree. Plain XML (what WinRM services send) is built by
 * parsePlainXml, everything else by xmldom's parser, into the same tree.
 */
export function parseXml(text: string): Element {
  checkXmlLimits(text);
  return parsePlainXml(text) ?? parseWithXmldom(text);
}

/** xmldom's reading of `text`, which must already have passed checkXmlLimits. */
export function parseWithXmldom(text: string): Element {
  const problems: string[] = [];
  const onError = (level: 'warning' | 'error' | 'fatalError', message: string) => {
    if (level !== 'warning') problems.push(message);
  };
  let root: Element | null = null;
  try {
    // No locator: line and column numbers on every node cost memory and time, and no message uses them.
    root = new DOMParser({ onError, locator: false }).parseFromString(text, 'text/xml').documentElement;
  } catch (error) {
    problems.push(error instanceof Error ? error.message : String(error));
  }
  if (problems.length > 0 || !root) {
    throw new DeskError('MALFORMED_RESPONSE', `The server sent XML that does not parse (${firstLine(problems[0] ?? 'no root element')}).`);
  }
  return root;
}

export function childElements(parent: Element, ns?: string, localName?: string): Element[] {
  const out: Element[] = [];
  for (let node: Node | null = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as Element;
    if ((ns === undefined || el.namespaceURI === ns) && (localName === undefined || el.localName === localName)) out.push(el);
  }
  return out;
}

export function firstChild(parent: Element, ns: string, localName: string): Element | undefined {
  for (let node: Node | null = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && (node as Element).namespaceURI === ns && (node as Element).localName === localName) return node as Element;
  }
  return undefined;
}

/** Follows a path of (namespace, local name) steps from `parent`; undefined when any step is missing. */
export function pathOf(parent: Element, ...steps: Array<readonly [string, string]>): Element | undefined {
  let current: Element | undefined = parent;
  for (const [ns, local] of steps) {
    if (!current) return undefined;
    current = firstChild(current, ns, local);
  }
  return current;
}

export function textOf(el: Element | undefined): string | undefined {
  // An element holding one text node (a Stream's base64) is read without textContent's copy.
  const only = el?.firstChild;
  if (only && only === el.lastChild && only.nodeType === TEXT_NODE) return only.nodeValue ?? '';
  return el?.textContent ?? undefined;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 160);
}
