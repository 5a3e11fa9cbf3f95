import { NS } from './namespaces.ts';
import { PlainAttribute, PlainElement, PlainText } from './plain-nodes.ts';
import { XML_LIMITS } from './xml-limits.ts';

/**
 * A tree of the plain XML WinRM services send, read from the reply's bytes without xmldom:
 * xmldom's parser runs regular expressions over the whole text, and merely making a string of a
 * 500 KB Receive reply cost more than everything else the client does with it. Plain means: no
 * entity or character reference (no `&` at all); no line break but CR and LF; no comment, CDATA
 * section, processing instruction or document type; names of ASCII letters, digits, `_ . -` with at
 * most one prefix; every prefix bound, no namespace undeclared and no reserved prefix or namespace
 * (`xml`, `xmlns`) declared; attributes quoted and unique. Within that, the tree built here reads as
 * the one xmldom builds from the same bytes decoded as UTF-8, node for node (the property tests
 * compare them). Anything else returns null, and the caller hands the text to XML_LIMITS and xmldom,
 * which decide what it is — so an irregular reply is read exactly as before, and only they ever
 * refuse one.
 *
 * Bytes, not text: every boundary the reader cuts at is an ASCII byte, where UTF-8 decoding of the
 * whole and of the pieces agree, so names and values decoded piece by piece are what decoding the
 * whole would give. Text stays in the bytes (PlainText) until someone asks for it.
 *
 * XML_LIMITS hold here as they do before xmldom: a tree past them is declined (and refused by
 * checkXmlLimits). The caps bound this reader's own work on bytes it gives up on. A 512 000-byte
 * Receive reply holds under 6 000 elements (see XML_LIMITS), so the element cap leaves every reply
 * Windows may send to this reader and every larger tree to xmldom alone.
 */
const MAX_ELEMENTS = 8192;
const MAX_ATTRIBUTES_PER_ELEMENT = 64;
const MAX_NAMESPACES_IN_SCOPE = 256;
const XMLNS = 'http://www.w3.org/2000/xmlns/';

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const COLON = 0x3a;
const BANG = 0x21;
const QUESTION = 0x3f;
const AMPERSAND = 0x26;
const CR = 0x0d;
// The line breaks beyond CR and LF that xmldom normalizes, in UTF-8: U+0085, U+2028, U+2029. None of
// their first bytes can continue another sequence, so wherever these bytes stand they decode to them.
const NEXT_LINE = Buffer.from([0xc2, 0x85]);
const LINE_SEPARATOR = Buffer.from([0xe2, 0x80, 0xa8]);
const PARAGRAPH_SEPARATOR = Buffer.from([0xe2, 0x80, 0xa9]);

// The XML declaration in the one form accepted here.
const DECLARATION = /^<\?xml (version="1\.[0-9]"(?: encoding="[A-Za-z][A-Za-z0-9._-]*")?(?: standalone="(?:yes|no)")?)\?>/;
const DECLARATION_WINDOW = 200;

/** The byte at `at`, or -1 past the end. */
function byteAt(bytes: Buffer, at: number): number {
  return at < bytes.length ? bytes[at]! : -1;
}

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
function ncNameEnd(bytes: Buffer, at: number): number {
  if (!isNameStart(byteAt(bytes, at))) return at;
  let p = at + 1;
  while (isNameChar(byteAt(bytes, p))) p++;
  return p;
}

/** End of the QName (`local` or `prefix:local`) at `at`, or -1 when there is none. */
function qNameEnd(bytes: Buffer, at: number): number {
  const first = ncNameEnd(bytes, at);
  if (first === at) return -1;
  if (byteAt(bytes, first) !== COLON) return first;
  const second = ncNameEnd(bytes, first + 1);
  return second === first + 1 ? -1 : second;
}

function skipSpace(bytes: Buffer, at: number): number {
  while (isSpace(byteAt(bytes, at))) at++;
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
  readonly element: PlainElement;
  readonly qName: string;
  readonly mark: number;
}

// xmldom reads attribute values with line ends normalized to LF, then tabs and LFs as spaces.
function attributeValue(raw: string, hasCr: boolean): string {
  const value = hasCr && raw.includes('\r') ? raw.replace(/\r\n?/g, '\n') : raw;
  return value.includes('\t') || value.includes('\n') ? value.replace(/[\t\n]/g, ' ') : value;
}

function isAllSpace(bytes: Buffer, from: number, to: number): boolean {
  for (let i = from; i < to; i++) if (!isSpace(bytes[i]!)) return false;
  return true;
}

interface StartTag {
  readonly element: PlainElement;
  readonly qName: string;
  readonly end: number;
  readonly empty: boolean;
}

/**
 * Reads a start tag at `at` (its `<`) into an element. Returns the element and where the tag ends,
 * or null when the tag is outside the plain subset.
 */
function readStartTag(bytes: Buffer, at: number, scope: Namespaces, hasCr: boolean): StartTag | null {
  const nameEnd = qNameEnd(bytes, at + 1);
  if (nameEnd < 0) return null;
  const qName = bytes.toString('latin1', at + 1, nameEnd);
  const names: string[] = [];
  const values: string[] = [];
  let p = nameEnd;
  let empty = false;
  for (;;) {
    const afterSpace = skipSpace(bytes, p);
    const c = byteAt(bytes, afterSpace);
    if (c === GT) {
      p = afterSpace + 1;
      break;
    }
    if (c === SLASH) {
      if (byteAt(bytes, afterSpace + 1) !== GT) return null;
      p = afterSpace + 2;
      empty = true;
      break;
    }
    if (afterSpace === p) return null;
    const attrEnd = qNameEnd(bytes, afterSpace);
    if (attrEnd < 0) return null;
    const equals = skipSpace(bytes, attrEnd);
    if (byteAt(bytes, equals) !== EQUALS) return null;
    const open = skipSpace(bytes, equals + 1);
    const quote = byteAt(bytes, open);
    if (quote !== QUOTE && quote !== APOSTROPHE) return null;
    const close = bytes.indexOf(quote, open + 1);
    if (close < 0) return null;
    const raw = bytes.toString('utf8', open + 1, close);
    if (raw.includes('<')) return null;
    const name = bytes.toString('latin1', afterSpace, attrEnd);
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

  const attributes: PlainAttribute[] = [];
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
    attributes.push(new PlainAttribute(attrNamespace, name, values[i]!));
  }
  return { element: new PlainElement(namespace, qName, attributes), qName, end: p, empty };
}

/** The document element of `bytes` (UTF-8) when they are plain XML (see above), else null. */
export function parsePlainXml(bytes: Buffer): PlainElement | null {
  // References, and the line breaks beyond CR and LF that xmldom normalizes, are xmldom's to read.
  // Each search runs at memory speed.
  if (bytes.indexOf(AMPERSAND) >= 0 || bytes.indexOf(NEXT_LINE) >= 0 || bytes.indexOf(LINE_SEPARATOR) >= 0 || bytes.indexOf(PARAGRAPH_SEPARATOR) >= 0) return null;
  const hasCr = bytes.indexOf(CR) >= 0;
  const scope = new Namespaces();
  const open: Open[] = [];
  let root: PlainElement | null = null;
  let elements = 0;
  let attributes = 0;
  let at = 0;
  const declaration = DECLARATION.exec(bytes.toString('latin1', 0, Math.min(bytes.length, DECLARATION_WINDOW)));
  if (declaration) at = declaration[0].length;
  for (;;) {
    const lt = bytes.indexOf(LT, at);
    const textEnd = lt < 0 ? bytes.length : lt;
    if (textEnd > at) {
      const parent = open.at(-1)?.element;
      if (parent) parent.append(new PlainText(bytes, at, textEnd));
      else if (!isAllSpace(bytes, at, textEnd)) return null;
    }
    if (lt < 0) break;
    const next = byteAt(bytes, lt + 1);
    if (next === BANG || next === QUESTION) return null;
    if (next === SLASH) {
      const nameEnd = qNameEnd(bytes, lt + 2);
      const close = nameEnd < 0 ? -1 : skipSpace(bytes, nameEnd);
      const top = open.pop();
      if (close < 0 || byteAt(bytes, close) !== GT || !top || bytes.toString('latin1', lt + 2, nameEnd) !== top.qName) return null;
      scope.release(top.mark);
      at = close + 1;
      continue;
    }
    if (++elements > MAX_ELEMENTS || open.length + 1 > XML_LIMITS.depth) return null;
    const mark = scope.mark;
    const tag = readStartTag(bytes, lt, scope, hasCr);
    if (!tag) return null;
    attributes += tag.element.attributes.length;
    if (attributes > XML_LIMITS.attributes) return null;
    const parent = open.at(-1)?.element;
    if (parent) parent.append(tag.element);
    else if (root) return null;
    else root = tag.element;
    if (tag.empty) scope.release(mark);
    else open.push({ element: tag.element, qName: tag.qName, mark });
    at = tag.end;
  }
  return open.length === 0 ? root : null;
}
