import { createRequire } from 'node:module';
import type * as Xmldom from '@xmldom/xmldom';
import { DeskError } from '../../shared/errors.ts';
import { PlainText } from './plain-nodes.ts';
import { parsePlainXml } from './plain-xml.ts';
import { checkXmlLimits } from './xml-limits.ts';
import { ELEMENT_NODE, TEXT_NODE, type XmlElement } from './xml-node.ts';

// xmldom is loaded only when a reply is not plain XML: WinRM services send plain XML, and loading it
// cost the command line 40–60 ms of start-up. It is CommonJS, so require loads it
// synchronously, as the parse that needs it runs.
const load = createRequire(import.meta.url);

/**
 * Parses a server's XML (UTF-8 bytes); anything that is not well-formed, or exceeds XML_LIMITS, is
 * MALFORMED_RESPONSE, never a partial tree. Plain XML (what WinRM services send) is read by
 * parsePlainXml, everything else by xmldom's parser, into trees that read the same.
 */
export function parseXml(bytes: Buffer): XmlElement {
  const plain = parsePlainXml(bytes);
  if (plain) return plain;
  const text = bytes.toString('utf8');
  checkXmlLimits(text);
  return parseWithXmldom(text);
}

/** xmldom's reading of `text`, which must already have passed checkXmlLimits. */
export function parseWithXmldom(text: string): XmlElement {
  const { DOMParser } = load('@xmldom/xmldom') as typeof Xmldom;
  const problems: string[] = [];
  const onError = (level: 'warning' | 'error' | 'fatalError', message: string) => {
    if (level !== 'warning') problems.push(message);
  };
  let root: XmlElement | null = null;
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

export function childElements(parent: XmlElement, ns?: string, localName?: string): XmlElement[] {
  const out: XmlElement[] = [];
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType !== ELEMENT_NODE) continue;
    const el = node as XmlElement;
    if ((ns === undefined || el.namespaceURI === ns) && (localName === undefined || el.localName === localName)) out.push(el);
  }
  return out;
}

export function firstChild(parent: XmlElement, ns: string, localName: string): XmlElement | undefined {
  for (let node = parent.firstChild; node; node = node.nextSibling) {
    if (node.nodeType === ELEMENT_NODE && node.namespaceURI === ns && node.localName === localName) return node as XmlElement;
  }
  return undefined;
}

/** Follows a path of (namespace, local name) steps from `parent`; undefined when any step is missing. */
export function pathOf(parent: XmlElement, ...steps: Array<readonly [string, string]>): XmlElement | undefined {
  let current: XmlElement | undefined = parent;
  for (const [ns, local] of steps) {
    if (!current) return undefined;
    current = firstChild(current, ns, local);
  }
  return current;
}

export function textOf(el: XmlElement | undefined): string | undefined {
  // An element holding one text node is read without textContent's copy.
  const only = el?.firstChild;
  if (only && only === el.lastChild && only.nodeType === TEXT_NODE) return only.nodeValue ?? '';
  return el?.textContent ?? undefined;
}

/**
 * What textOf would give, as the reply's own bytes (UTF-8) when the plain reader kept them, handed
 * over to be decoded where they lie (a Stream's base64): the element's text cannot be read again.
 * Null, and nothing handed over, for other trees and texts.
 */
export function takeTextBytes(el: XmlElement): Buffer | null {
  const only = el.firstChild;
  return only instanceof PlainText && only === el.lastChild ? only.take() : null;
}

export function escapeXml(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&apos;' })[c]!);
}

function firstLine(message: string): string {
  return message.split('\n')[0]!.slice(0, 160);
}
