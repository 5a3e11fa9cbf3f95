import { DeskError } from '../../shared/errors.ts';

/**
 * What a server's XML may hold before a DOM is built for it. The byte cap alone
 * does not bound memory: xmldom spends about 1–2 KB per element, so a 60 MB reply of 1.4 million
 * `<rsp:Stream>` elements, or 14 MB of 2 million nested ones, took 2.9 GiB while staying under it.
 *
 * Windows keeps a reply within the MaxEnvelopeSize the request names (512 000 bytes by default). A
 * Stream element with its CommandId takes at least ~90 bytes, so such a reply holds under 6 000
 * elements and 12 000 attributes, and its deepest part (a fault's WSManFault detail) is under 10
 * levels deep. Each limit is six times that or more; the worst reply they admit (50 000 Stream
 * elements, 2.8 MB) was measured at ~140 MiB of RSS and ~1.4 s to parse on a 2-core machine.
 */
export interface XmlLimits {
  readonly nodes: number;
  readonly attributes: number;
  readonly depth: number;
}

export const XML_LIMITS: XmlLimits = Object.freeze({
  /** Elements, counted with comments, CDATA sections and processing instructions (each also a node). */
  nodes: 50_000,
  /** Attributes in the whole document, namespace declarations included. */
  attributes: 100_000,
  /** How deep elements nest (the root is at depth 1). */
  depth: 64,
});

const LT = 0x3c;
const GT = 0x3e;
const SLASH = 0x2f;
const EQUALS = 0x3d;
const QUOTE = 0x22;
const APOSTROPHE = 0x27;
const BANG = 0x21;
const QUESTION = 0x3f;

function refuse(detail: string): DeskError {
  return new DeskError('MALFORMED_RESPONSE', `The server sent XML that ${detail}.`);
}

/**
 * Whitespace as xmldom sees it inside a tag: every code unit up to U+0020, U+0080, and the line
 * breaks it normalizes to LF (U+0085, U+2028, U+2029). Treating exactly these as separators keeps
 * this scan from seeing fewer attributes than xmldom would build.
 */
function isSpace(c: number): boolean {
  return c <= 0x20 || c === 0x80 || c === 0x85 || c === 0x2028 || c === 0x2029;
}

function isNameChar(c: number): boolean {
  return !isSpace(c) && c !== LT && c !== GT && c !== SLASH && c !== EQUALS && c !== QUOTE && c !== APOSTROPHE;
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpace(text.charCodeAt(at))) at++;
  return at;
}

function skipName(text: string, at: number): number {
  while (at < text.length && isNameChar(text.charCodeAt(at))) at++;
  return at;
}

function endOf(text: string, terminator: string, from: number, what: string): number {
  const at = text.indexOf(terminator, from);
  if (at < 0) throw refuse(`has an unterminated ${what}`);
  return at + terminator.length;
}

/**
 * Checks `limits` (XML_LIMITS unless a test names smaller ones) in one linear pass over the markup,
 * before xmldom reads the text. The scan is a strict XML tokenizer (tags, quoted attribute values,
 * comments, CDATA, processing instructions): what it cannot tokenize as XML is refused here, so
 * every document that reaches xmldom is one whose elements, attributes and depth were counted
 * exactly. A document type declaration is refused outright: SOAP 1.2 forbids one (Part 1, §5), and
 * it is how entities would be declared or fetched.
 */
export function checkXmlLimits(text: string, limits: XmlLimits = XML_LIMITS): void {
  let nodes = 0;
  let attributes = 0;
  let depth = 0;
  const countNode = () => {
    if (++nodes > limits.nodes) throw refuse(`has more than ${limits.nodes} elements`);
  };
  for (let at = text.indexOf('<'); at >= 0; at = text.indexOf('<', at)) {
    const next = text.charCodeAt(at + 1);
    if (next === SLASH) {
      const nameEnd = skipName(text, at + 2);
      const close = skipSpace(text, nameEnd);
      if (nameEnd === at + 2 || text.charCodeAt(close) !== GT) throw refuse('has a malformed end tag');
      if (--depth < 0) throw refuse('closes an element it never opened');
      at = close + 1;
    } else if (next === QUESTION) {
      countNode();
      at = endOf(text, '?>', at + 2, 'processing instruction');
    } else if (next === BANG) {
      countNode();
      if (text.startsWith('<!--', at)) at = endOf(text, '-->', at + 4, 'comment');
      else if (text.startsWith('<![CDATA[', at)) at = endOf(text, ']]>', at + 9, 'CDATA section');
      else if (text.slice(at + 2, at + 9).toUpperCase() === 'DOCTYPE') throw refuse('declares a document type, which SOAP forbids');
      else throw refuse('has markup that is not XML');
    } else {
      countNode();
      let p = skipName(text, at + 1);
      if (p === at + 1) throw refuse('has a tag without a name');
      for (;;) {
        const afterSpace = skipSpace(text, p);
        const c = text.charCodeAt(afterSpace);
        if (c === GT || c === SLASH) {
          if (depth + 1 > limits.depth) throw refuse(`nests elements more than ${limits.depth} levels deep`);
          if (c === GT) {
            depth++;
            at = afterSpace + 1;
          } else {
            if (text.charCodeAt(afterSpace + 1) !== GT) throw refuse('has a malformed empty-element tag');
            at = afterSpace + 2;
          }
          break;
        }
        const nameEnd = skipName(text, afterSpace);
        if (afterSpace === p || nameEnd === afterSpace) throw refuse('has a malformed tag');
        const equals = skipSpace(text, nameEnd);
        const open = skipSpace(text, equals + 1);
        const quote = text.charCodeAt(open);
        if (text.charCodeAt(equals) !== EQUALS || (quote !== QUOTE && quote !== APOSTROPHE)) throw refuse('has an attribute without a quoted value');
        const close = text.indexOf(quote === QUOTE ? '"' : "'", open + 1);
        if (close < 0) throw refuse('has an unterminated attribute value');
        for (let v = open + 1; v < close; v++) if (text.charCodeAt(v) === LT) throw refuse("has a '<' in an attribute value");
        if (++attributes > limits.attributes) throw refuse(`has more than ${limits.attributes} attributes`);
        p = close + 1;
      }
    }
  }
}
