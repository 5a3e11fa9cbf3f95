import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../shared/errors.ts';
import { NS } from '../../../electron/winrm/namespaces.ts';
import { parsePlainXml } from '../../../electron/winrm/plain-xml.ts';
import { readEnvelope, readResponse } from '../../../electron/winrm/response.ts';
import { readCommandId, readReceive, readShellId } from '../../../electron/winrm/shell-messages.ts';
import { checkXmlLimits, XML_LIMITS } from '../../../electron/winrm/xml-limits.ts';
import { childElements, parseWithXmldom, pathOf, takeTextBytes, textOf } from '../../../electron/winrm/xml.ts';
import { BACKSTOP } from '../../reliability/outside-input.ts';
import { dumpTree } from './dom-dump.ts';
import { CREATE_RESPONSE_2012, envelope, fault } from './fixtures.ts';

// The plain reader against xmldom's parser: on every reply it either builds the tree xmldom builds,
// or declines and leaves the reply to xmldom, so what a client reads never depends on which of the
// two read it. A client receives bytes: the plain reader reads them, xmldom their UTF-8 decoding.

const ID = 'uuid:11111111-2222-4333-8444-555555555555';
const CID = 'C0FFEE00-1111-4222-8333-444455556666';
const RUNS = 3_000;

type Outcome = { ok: true; value: unknown } | { ok: false; code: string; message: string };

function outcome(action: () => unknown): Outcome {
  try {
    return { ok: true, value: action() };
  } catch (error) {
    if (!(error instanceof DeskError)) throw error;
    return { ok: false, code: error.code, message: error.message };
  }
}

const bytesOf = (xml: string | Buffer) => (typeof xml === 'string' ? Buffer.from(xml, 'utf8') : xml);

/**
 * What a client reads from the bytes through the parser in use (plain reader first, then xmldom), on
 * its own copy: a Receive's streams are decoded over the bytes they came in.
 */
function readAsClient(xml: string | Buffer): Outcome {
  return outcome(() => {
    const body = readResponse(Buffer.from(bytesOf(xml)), ID);
    return [outcome(() => readReceive(body, CID)), outcome(() => readShellId(body)), outcome(() => readCommandId(body))];
  });
}

/** The same through xmldom's parser alone, as before the plain reader existed. */
function readThroughXmldom(xml: string | Buffer): Outcome {
  const text = bytesOf(xml).toString('utf8');
  return outcome(() => {
    checkXmlLimits(text);
    const body = readEnvelope(parseWithXmldom(text), ID);
    return [outcome(() => readReceive(body, CID)), outcome(() => readShellId(body)), outcome(() => readCommandId(body))];
  });
}

/** The plain reader's tree is xmldom's tree; and it never reads what XML_LIMITS or xmldom refuse. */
function expectSameTree(xml: string | Buffer): ReturnType<typeof parsePlainXml> {
  const bytes = bytesOf(xml);
  const plain = outcome(() => parsePlainXml(bytes));
  expect(plain.ok).toBe(true);
  const root = plain.ok ? (plain.value as ReturnType<typeof parsePlainXml>) : null;
  if (root) {
    const text = bytes.toString('utf8');
    checkXmlLimits(text);
    expect(dumpTree(root)).toEqual(dumpTree(parseWithXmldom(text)));
  }
  return root;
}

// ---- Receive replies as servers might spell them -------------------------------------------------

const NAMES = ['s', 'env', 'a', 'rsp', 'w', 'x', 'p', 'soap', 'n1', 'ns-2', 'q.r', '_u', 'S', 'xmlfoo'];
const gap = fc.constantFrom('', '', '', '\n', '\r\n', '  ', '\r\n  ', '\t');
const inTag = fc.constantFrom(' ', ' ', '  ', '\n', '\r\n', '\t', ' \r\n\t');
const quote = fc.constantFrom('"', "'");

const base64Data = fc.oneof(
  { weight: 6, arbitrary: fc.uint8Array({ maxLength: 90 }).map((b) => Buffer.from(b).toString('base64')) },
  { weight: 1, arbitrary: fc.uint8Array({ minLength: 1, maxLength: 90 }).map((b) => Buffer.from(b).toString('base64').replace(/(.{8})/g, '$1\r\n')) },
  { weight: 1, arbitrary: fc.tuple(fc.uint8Array({ minLength: 1, maxLength: 90 }), fc.constantFrom('\n', '    ', ' \t\n ')).map(([b, space]) => Buffer.from(b).toString('base64').replace(/(.{12})/g, `$1${space}`)) },
  { weight: 1, arbitrary: fc.constantFrom('AAA', '====', 'A B\nC D', '*', 'QU-_', 'QQ=A', '', 'QUJ\u0144', 'QU\u00c4D', 'QUJD\u00a0', '\ufeffQUJD') },
);

const receiveSpec = fc.record({
  prefixes: fc.uniqueArray(fc.constantFrom(...NAMES), { minLength: 5, maxLength: 5 }),
  shellAtRoot: fc.boolean(),
  style: fc.constantFrom('prefixed', 'prefixed', 'default', 'redeclared', 'wrong namespace'),
  relatesTo: fc.constantFrom(ID, ID, ID.toUpperCase(), ` ${ID}\n`, `${ID}\r\n`, 'uuid:other', 'uuid:\u00e9t\u00e9', null),
  to: fc.constantFrom('http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous', 'urn:caf\u00e9 \ud83d\ude00', 'a\u00a0b', 'x\ufffdy'),
  declaration: fc.constantFrom('', '', '<?xml version="1.0" encoding="utf-8"?>', '<?xml version="1.0"?>\n'),
  leading: fc.constantFrom('', '', '\n', ' \r\n'),
  streams: fc.array(
    fc.record({
      name: fc.constantFrom('stdout', 'stdout', 'stderr', 'stdin', ''),
      owner: fc.constantFrom(CID, CID, CID.toLowerCase(), 'OTHER', null),
      end: fc.boolean(),
      data: base64Data,
      decoy: fc.boolean(),
    }),
    { maxLength: 5 },
  ),
  state: fc.constantFrom('Done', 'Done', 'Running', 'Pending', null),
  exitCode: fc.constantFrom('0', '3', '-1', '3221225786', ' 7 ', '', 'x', '99999999999', null),
  extraHeader: fc.boolean(),
  q: quote,
  sp: inTag,
  between: gap,
  // One irregular spelling (or none): each makes the plain reader decline, never read differently.
  irregular: fc.constantFrom(
    null, null, null, null,
    'entity in data', 'entity in header', 'CDATA', 'comment', 'processing instruction', 'line separator in header', 'NEL in data', 'doctype', 'undeclared prefix',
  ),
});

type ReceiveSpec = typeof receiveSpec extends fc.Arbitrary<infer T> ? T : never;

function receiveXml(spec: ReceiveSpec): string {
  const [s, a, rsp, w, other] = spec.prefixes as [string, string, string, string, string];
  const { q, sp, between: g } = spec;
  const attr = (name: string, value: string) => `${sp}${name}=${q}${value}${q}`;
  const shellDecl = attr(`xmlns:${rsp}`, NS.shell);
  let shell = (local: string) => `${rsp}:${local}`;
  let responseAttrs = spec.shellAtRoot ? '' : shellDecl;
  if (spec.style === 'default') {
    shell = (local) => local;
    responseAttrs = attr('xmlns', NS.shell);
  } else if (spec.style === 'redeclared') {
    shell = (local) => `${other}:${local}`;
    responseAttrs = attr(`xmlns:${other}`, NS.shell);
  } else if (spec.style === 'wrong namespace') {
    shell = (local) => `${w}:${local}`;
    responseAttrs = '';
  }
  const streamTag = (decoy: boolean) => (decoy ? `${w}:Stream` : shell('Stream'));
  let streams = spec.streams
    .map((st) => {
      const tag = streamTag(st.decoy);
      const attrs = attr('Name', st.name) + (st.owner === null ? '' : attr('CommandId', st.owner)) + (st.end ? attr('End', 'true') : '');
      return `<${tag}${attrs}${sp}>${st.data}</${tag}>${g}`;
    })
    .join('');
  const exit = spec.exitCode === null ? '' : `<${shell('ExitCode')}>${spec.exitCode}</${shell('ExitCode')}>`;
  const state =
    spec.state === null
      ? ''
      : `<${shell('CommandState')}${attr('CommandId', CID)}${attr('State', `${NS.shell}/CommandState/${spec.state}`)}${exit ? `>${exit}</${shell('CommandState')}>` : `${sp}/>`}`;
  let to = spec.to;
  if (spec.irregular === 'entity in header') to += '?a=1&amp;b=2';
  if (spec.irregular === 'line separator in header') to += '\u2028';
  if (spec.irregular === 'NEL in data') streams = `<${shell('Stream')}${attr('Name', 'stdout')}${attr('CommandId', CID)}>QU\u0085JD</${shell('Stream')}>` + streams;
  if (spec.irregular === 'entity in data') streams = `<${shell('Stream')}${attr('Name', 'stdout')}${attr('CommandId', CID)}>&#81;UJD</${shell('Stream')}>` + streams;
  if (spec.irregular === 'CDATA') streams = `<${shell('Stream')}${attr('Name', 'stdout')}${attr('CommandId', CID)}><![CDATA[QUJD]]></${shell('Stream')}>` + streams;
  if (spec.irregular === 'comment') streams = `<!-- ${g} -->${streams}`;
  if (spec.irregular === 'processing instruction') streams = `<?winrm x?>${streams}`;
  if (spec.irregular === 'undeclared prefix') streams = `<zz:Stream${attr('Name', 'stdout')}>QUJD</zz:Stream>${streams}`;
  const header =
    `<${s}:Header>${g}<${a}:Action>${NS.shell}/ReceiveResponse</${a}:Action>${g}` +
    `<${a}:MessageID>uuid:6E5F1B4C-0000-4000-8000-000000000001</${a}:MessageID><${a}:To>${to}</${a}:To>` +
    (spec.relatesTo === null ? '' : `<${a}:RelatesTo>${spec.relatesTo}</${a}:RelatesTo>`) +
    (spec.extraHeader ? `<${w}:Extra${attr(`${s}:mustUnderstand`, 'false')}${attr('xml:lang', 'en-US')}${sp}/>` : '') +
    `${g}</${s}:Header>`;
  const root =
    `<${s}:Envelope${attr('xml:lang', 'en-US')}${attr(`xmlns:${s}`, NS.soap)}${attr(`xmlns:${a}`, NS.addressing)}${attr(`xmlns:${w}`, NS.wsman)}` +
    `${spec.shellAtRoot ? shellDecl : ''}${sp}>${g}${header}<${s}:Body>${g}` +
    `<${shell('ReceiveResponse')}${responseAttrs}${sp}>${g}${streams}${state}${g}</${shell('ReceiveResponse')}>` +
    `${g}</${s}:Body>${g}</${s}:Envelope>${g}`;
  const doctype = spec.irregular === 'doctype' ? `<!DOCTYPE ${s}:Envelope>` : '';
  return spec.declaration + doctype + spec.leading + root;
}

describe('Receive replies, whatever prefixes and spelling the server chooses', BACKSTOP, () => {
  it(`read the same through the plain reader as through xmldom, which declined only the irregular ones (${RUNS} cases)`, () => {
    let readPlainly = 0;
    fc.assert(
      fc.property(receiveSpec, (spec) => {
        const xml = receiveXml(spec);
        expect(readAsClient(xml)).toEqual(readThroughXmldom(xml));
        const root = expectSameTree(xml);
        if (spec.irregular === null) {
          expect(root).not.toBeNull();
          readPlainly++;
        } else expect(root).toBeNull();
      }),
      { numRuns: RUNS },
    );
    expect(readPlainly).toBeGreaterThan(RUNS / 4);
  });
});

// ---- Damaged and hostile replies ------------------------------------------------------------------

const PIECES = [
  '<', '>', '/', '=', '"', "'", ' ', '\t', '\n', '\r', '\r\n', '\u0001', '\u0085', '\u2028', '\u00e9', '\u0000', '\u2029', '\ufeff', '\ud800', '\u0141', '\u0080', '<a\u0080b="1"/>',
  '&amp;', '&lt;', '&#60;', '&xxe;', '&', ';', '<!-- c -->', '<![CDATA[x]]>', '<?x?>', '<?xml version="1.0"?>', '<!DOCTYPE a>',
  '<a>', '</a>', '<a/>', '<a b>', '<a b=c>', '<a b="1"c="2">', '<a b = "1"/>', "<a b='1'/>", '<a/ >', '<a b="1" b="2"/>', '</a >',
  '<a xmlns="u">', '<a xmlns="">', '<p:a xmlns:p="u">', '</p:a>', '<p:a>', '<a xmlns:p="">', '<a xmlns:xml="u"/>', '<xmlns:a/>', '<xml:a/>',
  '<a p:b="1" q:b="2" xmlns:p="u" xmlns:q="u"/>', '<a xmlns:p="u" p:b="1" p:c="2"/>', '<xmlns/>', '<p:a xmlns:p="http://www.w3.org/2000/xmlns/"/>', '<1a/>', '<a:b:c/>', '<:a/>', '<a: b/>',
  'xmlns:s="http://www.w3.org/2003/05/soap-envelope"', ' xmlns:rsp="urn:other"', ' xmlns="urn:default"',
];

const mutation = fc.oneof(
  fc.record({ kind: fc.constant('truncate' as const), at: fc.nat() }),
  fc.record({ kind: fc.constant('insert' as const), at: fc.nat(), piece: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('after tag' as const), at: fc.nat(), piece: fc.constantFrom(...PIECES) }),
  fc.record({ kind: fc.constant('delete' as const), at: fc.nat(), length: fc.integer({ min: 1, max: 12 }) }),
);

function mutate(xml: string, mutations: ReadonlyArray<typeof mutation extends fc.Arbitrary<infer M> ? M : never>): string {
  let out = xml;
  for (const m of mutations) {
    const at = m.at % (out.length + 1);
    if (m.kind === 'truncate') out = out.slice(0, at);
    else if (m.kind === 'insert') out = out.slice(0, at) + m.piece + out.slice(at);
    else if (m.kind === 'delete') out = out.slice(0, at) + out.slice(at + m.length);
    else {
      const ends = [...out.matchAll(/>/g)].map((match) => match.index + 1);
      const end = ends.length === 0 ? 0 : ends[m.at % ends.length]!;
      out = out.slice(0, end) + m.piece + out.slice(end);
    }
  }
  return out;
}

const otherReply = fc.oneof(
  fc.constant(CREATE_RESPONSE_2012(ID)),
  fc.constant(CREATE_RESPONSE_2012(ID).replace(/<rsp:Shell xmlns.*<\/rsp:Shell>/, '')),
  fc.constant(envelope(`${NS.shell}/CommandResponse`, ID, `<rsp:CommandResponse><rsp:CommandId>${CID}</rsp:CommandId></rsp:CommandResponse>`)),
  fc
    .tuple(fc.constantFrom('2150858793', '2150858843', '2150899999', 'x'), fc.constantFrom('w:TimedOut', 'w:InvalidSelectors'), fc.constantFrom(ID, null, 'uuid:other'))
    .map(([code, subcode, relatesTo]) => fault(relatesTo, code, subcode, 'The WS-Management service cannot complete the operation.')),
);

describe('damaged and hostile replies', BACKSTOP, () => {
  it(`read the same through the plain reader as through xmldom, and nothing xmldom refuses is read (${RUNS} cases)`, () => {
    const reply = fc.oneof(receiveSpec.map(receiveXml), otherReply);
    fc.assert(
      fc.property(reply, fc.array(mutation, { minLength: 1, maxLength: 3 }), (xml, mutations) => {
        const damaged = mutate(xml, mutations);
        expect(readAsClient(damaged)).toEqual(readThroughXmldom(damaged));
        expectSameTree(damaged);
      }),
      { numRuns: RUNS },
    );
  });

  it('Create, Command and fault replies read the same, and plainly', () => {
    for (const xml of fc.sample(otherReply, 40)) {
      expect(readAsClient(xml)).toEqual(readThroughXmldom(xml));
      expect(expectSameTree(xml)).not.toBeNull();
    }
  });
});

// ---- Replies as bytes ------------------------------------------------------------------------------

// Byte sequences a server's encoder could get wrong: lone and truncated UTF-8, an encoded surrogate,
// a byte order mark, the line breaks xmldom normalizes, NUL, CR, `&`, and characters that decode fine.
const BYTES = [
  [0x80], [0xc3], [0xc3, 0xa9], [0xe2, 0x80], [0xe2, 0x80, 0xa8], [0xe2, 0x80, 0xa9], [0xc2, 0x85], [0xc2], [0xef, 0xbb, 0xbf], [0xff], [0xfe],
  [0xf0, 0x9f, 0x98], [0xf0, 0x9f, 0x98, 0x80], [0xed, 0xa0, 0x80], [0xc0, 0xbc], [0x00], [0x0d], [0x26], [0x3c], [0x22], [0x3d], [0x41],
].map((b) => Buffer.from(b));

const byteMutation = fc.record({
  at: fc.nat(),
  piece: fc.constantFrom(...BYTES),
  // Next to markup, where a decoder's handling of a broken sequence meets the reader's cuts.
  where: fc.constantFrom('anywhere', 'before markup', 'after markup'),
});

function mutateBytes(bytes: Buffer, mutations: ReadonlyArray<typeof byteMutation extends fc.Arbitrary<infer M> ? M : never>): Buffer {
  let out = bytes;
  for (const m of mutations) {
    let at = m.at % (out.length + 1);
    if (m.where !== 'anywhere') {
      const marks: number[] = [];
      out.forEach((c, i) => {
        if (c === 0x3c || c === 0x3e || c === 0x22 || c === 0x27) marks.push(m.where === 'before markup' ? i : i + 1);
      });
      if (marks.length > 0) at = marks[m.at % marks.length]!;
    }
    out = Buffer.concat([out.subarray(0, at), m.piece, out.subarray(at)]);
  }
  return out;
}

describe('replies as bytes', BACKSTOP, () => {
  it(`read the same through the plain reader as through xmldom, whatever bytes a broken encoder adds (${RUNS} cases)`, () => {
    const reply = fc.oneof(receiveSpec.map(receiveXml), otherReply).map((xml) => Buffer.from(xml, 'utf8'));
    fc.assert(
      fc.property(reply, fc.array(byteMutation, { minLength: 1, maxLength: 3 }), (bytes, mutations) => {
        const damaged = mutateBytes(bytes, mutations);
        expect(readAsClient(damaged)).toEqual(readThroughXmldom(damaged));
        expectSameTree(damaged);
      }),
      { numRuns: RUNS },
    );
  });

  const receiveOf = (streams: string) => Buffer.from(envelope(`${NS.shell}/ReceiveResponse`, ID, `<rsp:ReceiveResponse>${streams}</rsp:ReceiveResponse>`));
  const streamsOf = (body: ReturnType<typeof readResponse>) => childElements(pathOf(body, [NS.shell, 'ReceiveResponse'])!, NS.shell, 'Stream');

  it("decode a Stream's base64 where it lies in the reply, once", () => {
    const data = [Buffer.from('output of a command\r\n'.repeat(50)), Buffer.from('an error\n')];
    const bytes = receiveOf(`<rsp:Stream Name="stdout" CommandId="${CID}">${data[0]!.toString('base64')}</rsp:Stream><rsp:Stream Name="stderr" CommandId="${CID}">${data[1]!.toString('base64')}</rsp:Stream>`);
    const body = readResponse(bytes, ID);
    const { chunks } = readReceive(body, CID);
    expect(chunks).toEqual([{ stream: 'stdout', data: data[0] }, { stream: 'stderr', data: data[1] }]);
    for (const chunk of chunks) expect(chunk.data.buffer).toBe(bytes.buffer);
    // The text is gone: reading it again fails loudly instead of giving what the decoding left there.
    expect(() => textOf(streamsOf(body)[0])).toThrow(/handed over/);
    expect(takeTextBytes(streamsOf(body)[0]!)).toBeNull();
  });

  it('put base64 they cannot decode where it lies back as it was, for the string reading', () => {
    // Each fails late in the decoding over itself; with white space it is then base64 after all.
    const data = Buffer.alloc(3000, 0x41);
    const good = data.toString('base64');
    for (const [text, expected] of [
      [`${good}    QUJD`, Buffer.concat([data, Buffer.from('ABC')])],
      [`${good.slice(0, 2000)}\n\n\t ${good.slice(2000)}`, data],
      [`${good}*AAA`, null],
      [`${good}QQ=A`, null],
      [`${good.slice(0, -4)}-AAA`, null],
    ] as const) {
      const bytes = receiveOf(`<rsp:Stream Name="stdout" CommandId="${CID}">${text}</rsp:Stream>`);
      const read = readAsClient(bytes);
      expect(read).toEqual(readThroughXmldom(bytes));
      const receive = read.ok ? (read.value as Outcome[])[0]! : null;
      expect(receive).toEqual(expected ? { ok: true, value: { chunks: [{ stream: 'stdout', data: expected }], done: false, exitCode: null } } : expect.objectContaining({ ok: false }));
    }
  });

  it('leave text with line ends to normalize to the string reading', () => {
    const body = readResponse(receiveOf(`<rsp:Stream Name="stdout" CommandId="${CID}">QUJD\r\nREVG</rsp:Stream>`), ID);
    expect(takeTextBytes(streamsOf(body)[0]!)).toBeNull();
    expect(readReceive(body, CID).chunks).toEqual([{ stream: 'stdout', data: Buffer.from('ABCDEF') }]);
  });
});

describe('the plain reader', BACKSTOP, () => {
  const wrap = (inner: string) => `<s:Envelope xmlns:s="${NS.soap}">${inner}</s:Envelope>`;

  it.each([
    ['an entity reference', wrap('<s:Body>a &amp; b</s:Body>')],
    ['a character reference', wrap('<s:Body>&#65;</s:Body>')],
    ['a CDATA section', wrap('<s:Body><![CDATA[x]]></s:Body>')],
    ['a comment', wrap('<!-- x --><s:Body/>')],
    ['a processing instruction', wrap('<?x y?>')],
    ['a document type', `<!DOCTYPE s:Envelope>${wrap('')}`],
    ['a declaration it does not know', `<?xml version="1.0" ?>${wrap('')}`],
    ['a next-line character', wrap('<s:Body>\u0085</s:Body>')],
    ['a line separator', wrap('<s:Body>\u2028</s:Body>')],
    ['a paragraph separator', wrap('<s:Body a="\u2029"/>')],
    ['a non-ASCII name', wrap('<s:B\u00f6dy/>')],
    ['a byte order mark', `\ufeff${wrap('')}`],
    ['an undeclared prefix', wrap('<x:Body/>')],
    ['an undeclared attribute prefix', wrap('<s:Body x:a="1"/>')],
    ['an undeclared namespace', wrap('<s:Body xmlns:x=""/>')],
    ['an undeclared default namespace', wrap('<s:Body xmlns=""/>')],
    ['a rebound xml prefix', wrap('<s:Body xmlns:xml="urn:x"/>')],
    ['one attribute named twice through two prefixes', wrap('<s:Body xmlns:x="urn:x" xmlns:y="urn:x" x:a="1" y:a="2"/>')],
    ['a repeated attribute', wrap('<s:Body a="1" a="2"/>')],
    ['attributes without space between them', wrap('<s:Body a="1"b="2"/>')],
    ['a valueless attribute', wrap('<s:Body a/>')],
    ['an unquoted value', wrap('<s:Body a=1/>')],
    ['a < in a value', wrap('<s:Body a="<"/>')],
    ['a mismatched end tag', wrap('<s:Body></s:Bod>')],
    ['an unclosed element', wrap('<s:Body>')],
    ['two roots', `${wrap('')}${wrap('')}`],
    ['text before the root', `x${wrap('')}`],
    ['text after the root', `${wrap('')}x`],
    ['no root', ' '],
    ['a control character in a tag', wrap('<s:Body\u0001a="1"/>')],
    ['an element named xmlns', wrap('<xmlns/>')],
    ['a prefix bound to the xmlns namespace', wrap('<p:a xmlns:p="http://www.w3.org/2000/xmlns/"/>')],
    ['a prefix bound to the xml namespace', wrap('<p:a xmlns:p="http://www.w3.org/XML/1998/namespace"/>')],
  ])('declines %s (xmldom reads or refuses it)', (_label, xml) => {
    expect(parsePlainXml(bytesOf(xml))).toBeNull();
  });

  it('leaves trees of more elements than a Receive reply can hold to xmldom', () => {
    const streams = (n: number) => envelope(`${NS.shell}/ReceiveResponse`, ID, `<rsp:ReceiveResponse>${'<rsp:Stream Name="stdout" CommandId="C">QUJD</rsp:Stream>'.repeat(n)}</rsp:ReceiveResponse>`);
    const fixed = 8; // Envelope, Header and its four children, Body, ReceiveResponse
    expect(expectSameTree(streams(8192 - fixed))).not.toBeNull();
    expect(parsePlainXml(bytesOf(streams(8192 - fixed + 1)))).toBeNull();
  });

  it('leaves trees past XML_LIMITS to the limits check, which refuses them', () => {
    const wrap = (inner: string) => envelope(`${NS.shell}/ReceiveResponse`, ID, inner);
    const nested = (levels: number) => wrap('<a>'.repeat(levels) + '</a>'.repeat(levels));
    const bodyDepth = 2; // Envelope, Body
    expect(parsePlainXml(bytesOf(nested(XML_LIMITS.depth - bodyDepth)))).not.toBeNull();
    expect(parsePlainXml(bytesOf(nested(XML_LIMITS.depth - bodyDepth + 1)))).toBeNull();
    expect(() => readResponse(nested(XML_LIMITS.depth - bodyDepth + 1), ID)).toThrow(/more than 64 levels deep/);
    // Few enough elements for the plain reader, too many attributes for the limits.
    const fixed = 7; // the envelope's xml:lang and six namespace declarations
    const element = (n: number) => `<a ${Array.from({ length: n }, (_, i) => `b${i}=""`).join(' ')}/>`;
    const attributes = (n: number) => wrap(element(50).repeat(Math.floor(n / 50)) + element(n % 50));
    expect(expectSameTree(attributes(XML_LIMITS.attributes - fixed))).not.toBeNull();
    expect(parsePlainXml(bytesOf(attributes(XML_LIMITS.attributes - fixed + 1)))).toBeNull();
    expect(() => readResponse(attributes(XML_LIMITS.attributes - fixed + 1), ID)).toThrow(/more than 100000 attributes/);
  });

  it('reads what Windows and the rig send, with a declaration and white space around the root', () => {
    for (const xml of [
      CREATE_RESPONSE_2012(ID),
      `<?xml version="1.0" encoding="utf-8"?>\r\n${CREATE_RESPONSE_2012(ID)}\r\n`,
      `\n${wrap(`<s:Body a='it"s' b="x\r\ny\tz">\r\n<r xmlns="${NS.shell}" xmlns:q="urn:q" q:c="1"><Stream/></r></s:Body >`)}`,
      wrap('<s:Body a="Gr\u00fc\u00dfe \ud83d\ude00">Der WS-Verwaltungsdienst kann den Vorgang nicht ausf\u00fchren.</s:Body>'),
    ]) {
      expect(expectSameTree(xml)).not.toBeNull();
    }
  });
});
