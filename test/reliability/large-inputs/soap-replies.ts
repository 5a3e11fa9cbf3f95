import { NS } from '../../../electron/winrm/namespaces.ts';
import { readResponse } from '../../../electron/winrm/response.ts';
import { readCommandId, readReceive, readShellId } from '../../../electron/winrm/shell-messages.ts';
import { CREATE_RESPONSE_2012, envelope, fault } from '../../electron/winrm/fixtures.ts';
import { outcomeOf, type LargeInput } from '../outside-input.ts';

// Large hostile WinRM replies (issue 11, item 4): what each gives is checked by
// test/reliability/soap-responses.test.ts, how its time grows with its size by the bench (case L).

export const ID = 'uuid:11111111-2222-4333-8444-555555555555';
export const COMMAND_ID = 'C0FFEE00-1111-4222-8333-444455556666';
export const SOAP_CODES = ['MALFORMED_RESPONSE', 'PROTOCOL_ERROR', 'WSMAN_FAULT', 'SHELL_NOT_FOUND'] as const;

/** Everything a client reads out of a reply, as the shell and command code would: how many readers got a value. */
export function readEverything(reply: Buffer | string): number {
  const body = readResponse(reply, ID);
  let read = 0;
  const readers: Array<() => unknown> = [() => readShellId(body), () => readCommandId(body), () => readReceive(body, COMMAND_ID)];
  for (const reader of readers) {
    const outcome = outcomeOf(reader, ['MALFORMED_RESPONSE']);
    if (outcome.ok) read++;
  }
  return read;
}

const wrap = (inner: string) => envelope(`${NS.shell}/ReceiveResponse`, ID, `<rsp:ReceiveResponse>${inner}</rsp:ReceiveResponse>`);
const fill = (unit: string, bytes: number) => unit.repeat(Math.ceil(bytes / unit.length));

/** What a reply the readers can read gives, and the refusal of one they cannot. */
const READ = '1 of 3 readers got a value';
const REFUSED = 'MALFORMED_RESPONSE';

function reply(label: string, outcome: string, make: (bytes: number) => string): LargeInput {
  return {
    label,
    outcome,
    build: (bytes) => {
      // As the client reads a reply: its bytes.
      const reply = Buffer.from(make(bytes), 'utf8');
      return { size: reply.length, read: () => `${readEverything(reply)} of 3 readers got a value` };
    },
  };
}

export const SOAP_LARGE_INPUTS: readonly LargeInput[] = [
  reply('line feeds in the body', READ, (n) => wrap(fill('\n', n))),
  reply('line feeds inside a tag', READ, (n) => wrap(`<rsp:Stream${fill('\n', n)}Name="stdout"/>`)),
  reply('line feeds before the root', READ, (n) => fill('\n', n) + CREATE_RESPONSE_2012(ID)),
  reply('deep nesting', REFUSED, (n) => wrap(fill('<a>', n))),
  reply('deep nesting, closed', REFUSED, (n) => wrap(fill('<a>', n / 2) + fill('</a>', n / 2))),
  reply('deep nesting with namespaces', REFUSED, (n) => wrap(fill('<p:a xmlns:p="u">', n))),
  reply('many elements', REFUSED, (n) => wrap(fill('<a/>', n))),
  reply('many Stream elements', READ, (n) => wrap(fill('<rsp:Stream Name="stdout" CommandId="C">QUJD</rsp:Stream>', n))),
  reply('many attributes', REFUSED, (n) => wrap(`<a ${Array.from({ length: n / 8 }, (_, i) => `b${i.toString(36)}="" `).join('')}/>`)),
  reply('valueless attributes', REFUSED, (n) => wrap(`<a ${fill('b ', n)}>`)),
  reply('attributes split by control characters', REFUSED, (n) => wrap(`<a ${fill('b\u0001', n)}="1"/>`)),
  reply('a long attribute value', READ, (n) => wrap(`<a b="${fill('x', n)}"/>`)),
  reply('an unterminated attribute value', REFUSED, (n) => wrap(`<a b="${fill('x', n)}`)),
  reply('a long text node', READ, (n) => wrap(`<rsp:Stream Name="stdout" CommandId="${COMMAND_ID}">${fill('QUJD', n)}</rsp:Stream>`)),
  reply('a long text node of spaces', READ, (n) => wrap(`<rsp:Stream Name="stdout" CommandId="${COMMAND_ID}">${fill(' ', n)}</rsp:Stream>`)),
  reply('entity references', READ, (n) => wrap(`<a>${fill('&amp;', n)}</a>`)),
  reply('character references', READ, (n) => wrap(`<a>${fill('&#x41;', n)}</a>`)),
  reply('unknown entities', REFUSED, (n) => wrap(`<a>${fill('&xxe;', n)}</a>`)),
  reply('a document type declaration', REFUSED, (n) => `<!DOCTYPE s:Envelope [${fill('<!ENTITY a "aaaaaaaaaa">', n)}]>${CREATE_RESPONSE_2012(ID)}`),
  reply('nested entity definitions (billion laughs)', REFUSED, (n) => `<!DOCTYPE s [<!ENTITY a "${fill('&b;', n / 2)}">]>${wrap('<x>&a;</x>')}`),
  reply('less-than signs', REFUSED, (n) => fill('<', n)),
  reply('unterminated comments', REFUSED, (n) => wrap(`<!--${fill('-', n)}`)),
  reply('many comments', REFUSED, (n) => wrap(fill('<!---->', n))),
  reply('unterminated CDATA', REFUSED, (n) => wrap(`<![CDATA[${fill(']', n)}`)),
  reply('unterminated processing instructions', REFUSED, (n) => wrap(`<?x ${fill('?', n)}`)),
  reply('many end tags', REFUSED, (n) => wrap(fill('</a>', n))),
  reply('a long fault message', 'WSMAN_FAULT', (n) => fault(ID, '2150858793', 'w:TimedOut', fill('word ', n))),
  reply('a long RelatesTo', 'PROTOCOL_ERROR', (n) => CREATE_RESPONSE_2012(fill('x', n))),
  reply('a long tag name', READ, (n) => wrap(`<${fill('a', n)}/>`)),
];
