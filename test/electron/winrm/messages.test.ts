import { describe, expect, it } from 'vitest';
import { buildEnvelope } from '../../../electron/winrm/envelope.ts';
import { WsmanFaultError } from '../../../electron/winrm/fault.ts';
import { ACTION, CMD_RESOURCE_URI, NS } from '../../../electron/winrm/namespaces.ts';
import { readResponse } from '../../../electron/winrm/response.ts';
import { createShellBody, createShellOptions, readCommandId, readReceive, readShellId } from '../../../electron/winrm/shell-messages.ts';
import { DOMParser } from '@xmldom/xmldom';
import { childElements, pathOf, textOf } from '../../../electron/winrm/xml.ts';
import { CREATE_RESPONSE_2012, envelope, fault } from './fixtures.ts';
import { codeOf } from '../../support/error-code.ts';

const ID = 'uuid:11111111-2222-4333-8444-555555555555';


describe('request envelopes', () => {
  const built = buildEnvelope({
    to: 'https://dc01:5986/wsman',
    action: ACTION.create,
    resourceUri: CMD_RESOURCE_URI,
    maxEnvelopeSize: 512000,
    operationTimeoutSec: 20,
    locale: 'en-US',
    dataLocale: 'de-DE',
    options: createShellOptions({ noProfile: true }),
    body: createShellBody({ workingDirectory: 'C:\\Temp & <x>', environment: { PATH_EXTRA: 'a"b' }, idleTimeoutSec: 1800 }),
  });
  // Read by xmldom, as an independent reader of what we send.
  const doc = new DOMParser().parseFromString(built.xml, 'text/xml').documentElement!;
  const header = pathOf(doc, [NS.soap, 'Header'])!;

  it('carries the WS-Management headers Windows requires', () => {
    expect(textOf(pathOf(header, [NS.addressing, 'Action']))).toBe(ACTION.create);
    expect(textOf(pathOf(header, [NS.addressing, 'To']))).toBe('https://dc01:5986/wsman');
    expect(textOf(pathOf(header, [NS.wsman, 'MaxEnvelopeSize']))).toBe('512000');
    expect(textOf(pathOf(header, [NS.wsman, 'OperationTimeout']))).toBe('PT20S');
    expect(textOf(pathOf(header, [NS.wsman, 'ResourceURI']))).toBe(CMD_RESOURCE_URI);
    expect(pathOf(header, [NS.wsman, 'Locale'])!.getAttribute('xml:lang')).toBe('en-US');
    expect(pathOf(header, [NS.msWsman, 'DataLocale'])!.getAttribute('xml:lang')).toBe('de-DE');
    expect(textOf(pathOf(header, [NS.addressing, 'MessageID']))).toBe(built.messageId);
    expect(built.messageId).toMatch(/^uuid:[0-9A-F]{8}-[0-9A-F]{4}-4[0-9A-F]{3}-[89AB][0-9A-F]{3}-[0-9A-F]{12}$/);
  });

  it('sets WINRS_NOPROFILE and the UTF-8 codepage by default', () => {
    const options = pathOf(header, [NS.wsman, 'OptionSet'])!;
    const byName = Object.fromEntries(childElements(options, NS.wsman, 'Option').map((o) => [o.getAttribute('Name'), o.textContent]));
    expect(byName).toEqual({ WINRS_NOPROFILE: 'TRUE', WINRS_CODEPAGE: '65001' });
  });

  it('escapes what the user typed and keeps it intact', () => {
    const shell = pathOf(doc, [NS.soap, 'Body'], [NS.shell, 'Shell'])!;
    expect(textOf(pathOf(shell, [NS.shell, 'WorkingDirectory']))).toBe('C:\\Temp & <x>');
    expect(textOf(pathOf(shell, [NS.shell, 'IdleTimeOut']))).toBe('PT1800S');
    const variable = pathOf(shell, [NS.shell, 'Environment'], [NS.shell, 'Variable'])!;
    expect([variable.getAttribute('Name'), variable.textContent]).toEqual(['PATH_EXTRA', 'a"b']);
  });

  it('gives every envelope a new MessageID', () => {
    const again = buildEnvelope({ to: 'x', action: 'a', resourceUri: 'r', maxEnvelopeSize: 1, operationTimeoutSec: 1, locale: 'en-US', dataLocale: 'en-US', body: '' });
    expect(again.messageId).not.toBe(built.messageId);
  });
});

describe('responses', () => {
  it('reads the ShellId from a Windows 2012+ Create response', () => {
    expect(readShellId(readResponse(CREATE_RESPONSE_2012(ID), ID))).toBe('A1B2C3D4-0000-4000-8000-00000000BEEF');
  });

  it('reads the ShellId from ResourceCreated when the Shell element is absent', () => {
    const xml = CREATE_RESPONSE_2012(ID).replace(/<rsp:Shell xmlns.*<\/rsp:Shell>/, '');
    expect(readShellId(readResponse(xml, ID))).toBe('A1B2C3D4-0000-4000-8000-00000000BEEF');
  });

  it('reads a CommandId', () => {
    const xml = envelope(`${NS.shell}/CommandResponse`, ID, '<rsp:CommandResponse><rsp:CommandId>C0FFEE00-1111-4222-8333-444455556666</rsp:CommandId></rsp:CommandResponse>');
    expect(readCommandId(readResponse(xml, ID))).toBe('C0FFEE00-1111-4222-8333-444455556666');
  });

  it('decodes Receive streams and the exit code of a finished command', () => {
    const cid = 'C0FFEE00-1111-4222-8333-444455556666';
    const xml = envelope(
      `${NS.shell}/ReceiveResponse`,
      ID,
      `<rsp:ReceiveResponse>` +
        `<rsp:Stream Name="stdout" CommandId="${cid}">${Buffer.from('héllo\r\n').toString('base64')}</rsp:Stream>` +
        `<rsp:Stream Name="stderr" CommandId="${cid}">${Buffer.from('oops').toString('base64')}</rsp:Stream>` +
        `<rsp:Stream Name="stdout" CommandId="${cid}" End="true"></rsp:Stream>` +
        `<rsp:CommandState CommandId="${cid}" State="${NS.shell}/CommandState/Done"><rsp:ExitCode>3</rsp:ExitCode></rsp:CommandState>` +
        `</rsp:ReceiveResponse>`,
    );
    const result = readReceive(readResponse(xml, ID), cid);
    expect(result.done).toBe(true);
    expect(result.exitCode).toBe(3);
    expect(result.chunks.map((c) => [c.stream, c.data.toString('utf8')])).toEqual([
      ['stdout', 'héllo\r\n'],
      ['stderr', 'oops'],
    ]);
  });

  it('treats a Running state as not done', () => {
    const xml = envelope(`${NS.shell}/ReceiveResponse`, ID, `<rsp:ReceiveResponse><rsp:CommandState CommandId="c" State="${NS.shell}/CommandState/Running"/></rsp:ReceiveResponse>`);
    expect(readReceive(readResponse(xml, ID), 'c')).toEqual({ chunks: [], done: false, exitCode: null });
  });

  it('refuses a stream that is not base64', () => {
    const xml = envelope(`${NS.shell}/ReceiveResponse`, ID, '<rsp:ReceiveResponse><rsp:Stream Name="stdout" CommandId="c">not*base64</rsp:Stream></rsp:ReceiveResponse>');
    expect(codeOf(() => readReceive(readResponse(xml, ID), 'c'))).toBe('MALFORMED_RESPONSE');
  });
});

describe('faults and bad responses', () => {
  it('decodes the OperationTimeout fault as "poll again"', () => {
    try {
      readResponse(fault(ID, '2150858793', 'w:TimedOut', 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.'), ID);
      expect.unreachable();
    } catch (error) {
      expect(error).toBeInstanceOf(WsmanFaultError);
      expect((error as WsmanFaultError).isOperationTimeout).toBe(true);
      expect((error as WsmanFaultError).machine).toBe('win2022.corp.example');
    }
  });

  it('reports an unknown shell as SHELL_NOT_FOUND', () => {
    expect(codeOf(() => readResponse(fault(ID, '2150858843', 'w:InvalidSelectors', 'The request for the Windows Remote Shell with ShellId x failed because the shell was not found on the server.'), ID))).toBe('SHELL_NOT_FOUND');
  });

  it('reports an unknown fault code as WSMAN_FAULT with the server message', () => {
    try {
      readResponse(fault(ID, '2150859999', 'w:InternalError', 'Something   new\n happened.'), ID);
      expect.unreachable();
    } catch (error) {
      expect((error as WsmanFaultError).code).toBe('WSMAN_FAULT');
      expect((error as WsmanFaultError).message).toBe('WSManFault 2150859999: Something new happened.');
      expect((error as WsmanFaultError).isOperationTimeout).toBe(false);
    }
  });

  it('decodes a fault without RelatesTo (the server could not read our request)', () => {
    expect(codeOf(() => readResponse(fault(null, '2150858817', 'w:InvalidMessageInformationHeader', 'bad header'), ID))).toBe('WSMAN_FAULT');
  });

  it('refuses a response that relates to another message', () => {
    expect(codeOf(() => readResponse(CREATE_RESPONSE_2012('uuid:99999999-2222-4333-8444-555555555555'), ID))).toBe('PROTOCOL_ERROR');
  });

  it('refuses a response without RelatesTo', () => {
    expect(codeOf(() => readResponse(envelope('x', null, '<rsp:CommandResponse/>'), ID))).toBe('PROTOCOL_ERROR');
  });

  it.each([
    ['truncated XML', CREATE_RESPONSE_2012(ID).slice(0, 300)],
    ['an HTML page', '<html><body><h1>500 Internal Server Error</h1><p>oops<br></body></html>'],
    ['not XML at all', 'HTTP/1.1 garbage'],
    ['an empty body', ''],
    ['an envelope in the wrong namespace', '<Envelope><Body/></Envelope>'],
  ])('refuses %s as MALFORMED_RESPONSE', (_label, xml) => {
    expect(codeOf(() => readResponse(xml, ID))).toBe('MALFORMED_RESPONSE');
  });
});
