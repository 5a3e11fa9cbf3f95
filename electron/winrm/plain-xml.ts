import { DOMException, DOMImplementation, type Document, type Element } from '@xmldom/xmldom';
import { NS } from './namespaces.ts';

/**
 * A DOM for the plain XML WinRM services send, built without xmldom's parser (issue 14). That parser
 * runs regular expressions over the whole text (line endings, then entity references in every text
 * node), which for a 500 KB Receive reply of base64 costs more than everything else the client does
 * with it. Plain means: no entity or character reference (no `&` at all); no line break but CR and
 * LF; no comment, CDATA section, processing instruction or document type; names of ASCII letters,
 * digits, `_ . -` with at most one prefix; every prefix bound, no namespace undeclared and no
 * reserved prefix or namespace (`xml`, `xmlns`) declared; attributes quoted and unique. Within that, the tree built here is the one xmldom builds from the
 * same text, node for node (the property tests compare them). Anything else returns null, and the
 * caller hands the text to xmldom, which decides what it is — so an irregular reply is read exactly as
 * before, and only xmldom ever refuses one.
 *
 * XML_LIMITS are checked by the caller first; the caps here bound this reader's own work on text it
 * gives up on, so that a hostile reply costs little more than xmldom's reading of it did before. A
 * 512 000-byte Receive reply holds under 6 000 elements (see XML_LIMITS), so the element cap leaves
 * every reply Windows may send to this reader and every larger tree to xmldom alone.
 */
const MAX_ELEMENTS = 8192;
const MAX_ATTRIBUTES_PER_ELEMENT = 64;
const MAX_NAMESPACES_IN_SCOPE = 256;
const XMLNS = 'http://www.w3.org/2000/xmlns/';

const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const COLON = 0x3a;
const BANG = 0x21;
const QUESTION = 0x3f;

// The XML declaration in the one form accepted here; xmldom keeps it as a processing instruction.
const DECLARATION = /^<\?xml (version="1\.[0-9]"(?: encoding="[A-Za-z][A-Za-z0-9._-]*")?(?: standalone="(?:yes|no)")?)\?>/;

function isSpace(c: number): boolean {
  return c === 0x20 || c === 0x0a || c === 0x09 || c === 0x0d;
}

function isNameStart(c: number): boolean {
  return (c >= 0x61 && c <= 0x7a) || (c >= 0x41 && c <= 0x5a) || c === 0x5f;
}

function isNameChar(c: number): boolean {
  return isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e || c === 0x2d;
}

/** End of the NCName at `at`, or `at` when there is none. */
function ncNameEnd(text: string, at: number): number {
  if (!isNameStart(text.charCodeAt(at))) return at;
  let p = at + 1;
  while (isNameChar(text.charCodeAt(p))) p++;
  return p;
}

/** End of the QName (`local` or `prefix:local`) at `at`, or -1 when there is none. */
function qNameEnd(text: string, at: number): number {
  const first = ncNameEnd(text, at);
  if (first === at) return -1;
  if (text.charCodeAt(first) !== COLON) return first;
  const second = ncNameEnd(text, first + 1);
  return second === first + 1 ? -1 : second;
}

function skipSpace(text: string, at: number): number {
  while (isSpace(text.charCodeAt(at))) at++;
  return at;
}

function prefixOf(qName: string): string | null {
  const colon = qName.indexOf(':');
  return colon < 0 ? null : qName.slice(0, colon);
}

function localOf(qName: string): string {
  return qName.slice(qName.indexOf(':') + 1);
}

/** Namespace declarations in scope, innermost last; each open element remembers where its own begin. */
class Namespaces {
  readonly #prefixes: string[] = [];
  readonly #uris: string[] = [];

  get mark(): number {
    return this.#prefixes.length;
  }

  declare(prefix: string, uri: string): boolean {
    this.#prefixes.push(prefix);
    this.#uris.push(uri);
    return this.#prefixes.length <= MAX_NAMESPACES_IN_SCOPE;
  }

  lookup(prefix: string): string | undefined {
    for (let i = this.#prefixes.length - 1; i >= 0; i--) if (this.#prefixes[i] === prefix) return this.#uris[i];
    return undefined;
  }

  release(mark: number): void {
    this.#prefixes.length = mark;
    this.#uris.length = mark;
  }
}

interface Open {
  readonly element: Element;
  readonly qName: string;
  readonly mark: number;
}

// xmldom reads text after normalizing line ends to LF (and, in attribute values, tabs and LFs to spaces).
function textData(raw: string, hasCr: boolean): string {
  return hasCr && raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
}

function attributeValue(raw: string, hasCr: boolean): string {
  const value = textData(raw, hasCr);
  return value.includes('\t') || value.includes('\n') ? value.replace(/[\t\n]/g, ' ') : value;
}

function isAllSpace(text: string, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(text.charCodeAt(i))) return false;
  return true;
}

/**
 * Reads a start tag at `at` (its `<`) into an element of `doc`. Returns the element and where the tag
 * ends, or null when the tag is outside the plain subset.
 */
function readStartTag(
  text: string,
  at: number,
  doc: Document,
  scope: Namespaces,
  hasCr: boolean,
): { element: Element; qName: string; end: number; empty: boolean } | null {
  const nameEnd = qNameEnd(text, at + 1);
  if (nameEnd < 0) return null;
  const qName = text.slice(at + 1, nameEnd);
  const names: string[] = [];
  const values: string[] = [];
  let p = nameEnd;
  let empty = false;
  for (;;) {
    const afterSpace = skipSpace(text, p);
    const c = text.charCodeAt(afterSpace);
    if (c === GT) {
      p = afterSpace + 1;
      break;
    }
    if (c === SLASH) {
      if (text.charCodeAt(afterSpace + 1) !== GT) return null;
      p = afterSpace + 2;
      empty = true;
      break;
    }
    if (afterSpace === p) return null;
    const attrEnd = qNameEnd(text, afterSpace);
    if (attrEnd < 0) return null;
    const equals = skipSpace(text, attrEnd);
    if (text.charCodeAt(equals) !== EQUALS) return null;
    const open = skipSpace(text, equals + 1);
    const quote = text.charCodeAt(open);
    if (quote !== QUOTE && quote !== APOSTROPHE) return null;
    const close = text.indexOf(quote === QUOTE ? '"' : "'", open + 1);
    if (close < 0) return null;
    const raw = text.slice(open + 1, close);
    if (raw.includes('<')) return null;
    const name = text.slice(afterSpace, attrEnd);
    if (names.includes(name) || names.length === MAX_ATTRIBUTES_PER_ELEMENT) return null;
    names.push(name);
    values.push(attributeValue(raw, hasCr));
    p = close + 1;
  }

  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const value = values[i]!;
    if (name === 'xmlns' || name.startsWith('xmlns:')) {
      const prefix = name === 'xmlns' ? '' : name.slice(6);
      // Undeclaring a namespace, or touching the reserved prefixes or their namespaces, is left to xmldom.
      if (value === '' || prefix === 'xml' || prefix === 'xmlns' || value === XMLNS || value === NS.xml || !scope.declare(prefix, value)) return null;
    }
  }
  const prefix = prefixOf(qName);
  if (prefix === 'xml' || prefix === 'xmlns' || qName === 'xmlns') return null;
  const namespace = scope.lookup(prefix ?? '') ?? null;
  if (prefix !== null && namespace === null) return null;

  const element = doc.createElementNS(namespace, qName);
  const seen: string[] = [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i]!;
    const attrPrefix = prefixOf(name);
    let attrNamespace: string | null = null;
    if (attrPrefix === 'xmlns' || name === 'xmlns') attrNamespace = XMLNS;
    else if (attrPrefix === 'xml') attrNamespace = NS.xml;
    else if (attrPrefix !== null) {
      attrNamespace = scope.lookup(attrPrefix) ?? null;
      if (attrNamespace === null) return null;
    }
    if (attrNamespace !== null && names.length > 1) {
      // Two prefixes for one namespace can name the same attribute twice; xmldom merges those.
      const expanded = `${attrNamespace} ${localOf(name)}`;
      if (seen.includes(expanded)) return null;
      seen.push(expanded);
    }
    const attr = doc.createAttributeNS(attrNamespace, name);
    attr.value = attr.nodeValue = values[i]!;
    element.setAttributeNode(attr);
  }
  return { element, qName, end: p, empty };
}

/** The document element of `text` when it is plain XML (see above), else null. */
export function parsePlainXml(text: string): Element | null {
  // References, and the line breaks beyond CR and LF that xmldom normalizes, are xmldom's to read.
  // Each search runs at memory speed (the last two take no time in a one-byte string).
  if (text.includes('&') || text.includes('\u0085') || text.includes('\u2028') || text.includes('\u2029')) return null;
  try {
    return readPlain(text);
  } catch (error) {
    // A name or namespace the DOM refuses is not plain XML either; xmldom's parser reports it.
    if (error instanceof DOMException) return null;
    throw error;
  }
}

function readPlain(text: string): Element | null {
  const hasCr = text.includes('\r');
  const doc = new DOMImplementation().createDocument(null, '');
  const scope = new Namespaces();
  const open: Open[] = [];
  let root: Element | null = null;
  let elements = 0;
  let at = 0;
  const declaration = DECLARATION.exec(text);
  if (declaration) {
    doc.appendChild(doc.createProcessingInstruction('xml', declaration[1]!));
    at = declaration[0].length;
  }
  for (;;) {
    const lt = text.indexOf('<', at);
    const textEnd = lt < 0 ? text.length : lt;
    if (textEnd > at) {
      const parent = open.at(-1)?.element;
      if (parent) parent.appendChild(doc.createTextNode(textData(text.slice(at, textEnd), hasCr)));
      else if (!isAllSpace(text, at, textEnd)) return null;
      // Before the root, xmldom keeps white space as a text node of the document; after it, it drops it.
      else if (!root) doc.appendChild(doc.createTextNode(textData(text.slice(at, textEnd), hasCr)));
    }
    if (lt < 0) break;
    const next = text.charCodeAt(lt + 1);
    if (next === BANG || next === QUESTION) return null;
    if (next === SLASH) {
      const nameEnd = qNameEnd(text, lt + 2);
      const close = nameEnd < 0 ? -1 : skipSpace(text, nameEnd);
      const top = open.pop();
      if (close < 0 || text.charCodeAt(close) !== GT || !top || text.slice(lt + 2, nameEnd) !== top.qName) return null;
      scope.release(top.mark);
      at = close + 1;
      continue;
    }
    if (++elements > MAX_ELEMENTS) return null;
    const mark = scope.mark;
    const tag = readStartTag(text, lt, doc, scope, hasCr);
    if (!tag) return null;
    const parent = open.at(-1)?.element;
    if (parent) parent.appendChild(tag.element);
    else if (root) return null;
    else root = doc.appendChild(tag.element) as Element;
    if (tag.empty) scope.release(mark);
    else open.push({ element: tag.element, qName: tag.qName, mark });
    at = tag.end;
  }
  return open.length === 0 ? root : null;
}
