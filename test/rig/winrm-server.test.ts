import net from 'node:net';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { headerLines, probe } from './http-probe.ts';
import { runPywinrm } from './pywinrm-driver.ts';
import { WinrmControl } from './winrm-control.ts';
import { RawWsman, exitCodeOf, match, stdoutOf, streamOf } from './wsman-raw.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
const raw = new RawWsman(rig);
const SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell';

beforeEach(() => control.reset());
afterAll(() => raw.close());

/** Receives until the command is done; returns every response body. */
async function receiveAll(shellId: string, commandId: string, maxEnvelopeSize?: number): Promise<string[]> {
  const bodies: string[] = [];
  for (;;) {
    const response = await raw.receive(shellId, commandId, { maxEnvelopeSize, operationTimeout: 'PT5S' });
    if (response.status === 500 && response.body.includes('Code="2150858793"')) continue;
    expect(response.status).toBe(200);
    bodies.push(response.body);
    if (exitCodeOf(response.body) !== undefined) return bodies;
  }
}

describe('test WinRM server: WinRS shapes', () => {
  it('answers Create like Windows: namespaces, Action, RelatesTo, ShellId selector', async () => {
    const { xml, messageId } = raw.envelope(
      'http://schemas.xmlsoap.org/ws/2004/09/transfer/Create',
      '<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>',
    );
    const response = await raw.post(xml);
    expect(response.status).toBe(200);
    expect(response.headers['content-type']).toBe('application/soap+xml;charset=UTF-8');
    for (const prefix of ['s', 'a', 'x', 'w', 'rsp', 'p']) expect(response.body).toContain(`xmlns:${prefix}="`);
    expect(response.body).toContain('<a:Action>http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse</a:Action>');
    expect(match(response.body, /<a:RelatesTo>([^<]+)</)).toBe(messageId);
    expect(match(response.body, /<a:MessageID>([^<]+)</)).toMatch(/^uuid:[0-9A-F-]{36}$/);
    const shellId = match(response.body, /<w:Selector Name="ShellId">([^<]+)</);
    expect(match(response.body, /<rsp:ShellId>([^<]+)</)).toBe(shellId);
    expect((await raw.deleteShell(shellId)).status).toBe(200);
    expect(await control.counters()).toMatchObject({ shellsCreated: 1, shellsDeleted: 1, shellsOpen: 0 });
  });

  it('faults an unknown ShellId with 2150858843 (w:InvalidSelectors)', async () => {
    const response = await raw.receive('00000000-0000-0000-0000-000000000000', 'X');
    expect(response.status).toBe(500);
    expect(response.body).toContain('<s:Value>w:InvalidSelectors</s:Value>');
    expect(response.body).toMatch(/<f:WSManFault xmlns:f="http:\/\/schemas.microsoft.com\/wbem\/wsman\/1\/wsmanfault" Code="2150858843" Machine="winrm.test.local">/);
    expect((await control.counters()).faults).toEqual({ '2150858843': 1 });
  });

  it('long-polls Receive until OperationTimeout, then faults 2150858793 (w:TimedOut)', async () => {
    const shellId = await raw.createShell();
    const commandId = await raw.command(shellId, 'sleep 5');
    const started = Date.now();
    const response = await raw.receive(shellId, commandId, { operationTimeout: 'PT1.500S' });
    expect(Date.now() - started).toBeGreaterThanOrEqual(1400);
    expect(response.status).toBe(500);
    expect(response.body).toContain('<s:Value>w:TimedOut</s:Value>');
    expect(response.body).toContain('Code="2150858793"');
    expect((await control.counters()).receiveTimeouts).toBe(1);
    await raw.deleteShell(shellId);
  });

  it('splits output across Receives to honour MaxEnvelopeSize', async () => {
    const shellId = await raw.createShell();
    const commandId = await raw.command(shellId, 'head -c 100000 /dev/zero | tr "\\0" x');
    const bodies = await receiveAll(shellId, commandId, 16384);
    expect(bodies.length).toBeGreaterThan(6);
    for (const body of bodies) expect(Buffer.byteLength(body)).toBeLessThanOrEqual(16384);
    expect(Buffer.concat(bodies.map(stdoutOf)).toString()).toBe('x'.repeat(100000));
    expect(bodies.at(-1)).toMatch(/<rsp:Stream Name="stdout" CommandId="[^"]+" End="true">/);
    await raw.deleteShell(shellId);
  });

  it('runs a bare cmd as an interactive console fed by Send (more in console.test.ts)', async () => {
    const shellId = await raw.createShell({ workingDirectory: rig.dir });
    const commandId = await raw.command(shellId, 'cmd');
    expect((await raw.send(shellId, commandId, 'echo first\n', false)).body).toContain('<rsp:SendResponse/>');
    await raw.send(shellId, commandId, 'echo second >&2\nexit 4\n', true);
    const bodies = await receiveAll(shellId, commandId);
    const prompt = `${rig.dir}>`;
    const banner = 'Microsoft Windows [Version 10.0.20348]\r\n(c) WinRM Desk test server\r\n\r\n';
    expect(Buffer.concat(bodies.map(stdoutOf)).toString()).toBe(`${banner}${prompt}first\n\r\n${prompt}\r\n${prompt}`);
    expect(Buffer.concat(bodies.map((body) => streamOf(body, 'stderr'))).toString()).toBe('second\n');
    expect(exitCodeOf(bodies.at(-1)!)).toBe(4);
    await raw.deleteShell(shellId);
  });

  it('delivers ctrl_c as SIGINT to the process group', async () => {
    const shellId = await raw.createShell();
    const commandId = await raw.command(shellId, 'sleep 30');
    expect((await raw.signal(shellId, commandId, 'ctrl_c')).body).toContain(`<a:Action>${SHELL}/SignalResponse</a:Action>`);
    const bodies = await receiveAll(shellId, commandId);
    expect(exitCodeOf(bodies.at(-1)!)).toBe(130);
    await raw.deleteShell(shellId);
  });
});

describe('test WinRM server: fault injection', () => {
  it('closes a connection after N requests', async () => {
    await control.setFaults({ closeAfterRequests: 2 });
    const shellId = await raw.createShell();
    const second = await raw.deleteShell(shellId);
    expect(second.headers.connection).toBe('close');
    const counters = await control.counters();
    expect(counters.closedByFault).toBe(1);
    await control.setFaults({ closeAfterRequests: null });
  });

  it('closes idle keep-alive connections after idleTimeoutSeconds', async () => {
    await control.setFaults({ idleTimeoutSeconds: 0.5 });
    const socket = net.connect(rig.winrm.httpPort, '127.0.0.1');
    const closedAfter = await new Promise<number>((resolve) => {
      const started = Date.now();
      socket.on('close', () => resolve(Date.now() - started));
      socket.resume();
    });
    expect(closedAfter).toBeGreaterThanOrEqual(400);
    expect(closedAfter).toBeLessThan(5000);
  });

  it('slows Receive by slowReceiveMs', async () => {
    const shellId = await raw.createShell();
    const commandId = await raw.command(shellId, 'echo quick');
    await control.setFaults({ slowReceiveMs: 700 });
    const started = Date.now();
    await receiveAll(shellId, commandId);
    expect(Date.now() - started).toBeGreaterThanOrEqual(700);
    await raw.deleteShell(shellId);
  });

  it('tampers with the next encrypted response, which an NTLM client must reject', async () => {
    await control.setFaults({ tamperNextEncryptedResponse: true });
    const outcome = await runPywinrm(rig, {
      endpoint: `http://127.0.0.1:${rig.winrm.httpPort}/wsman`,
      transport: 'ntlm',
      username: `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`,
      password: rig.winrm.ntlmPassword,
      commands: [{ command: 'echo', arguments: ['never'] }],
    });
    expect(outcome.ok).toBe(false);
    expect((await control.counters()).tamperedResponses).toBe(1);
  });
});

describe('test WinRM server: handshake legs', () => {
  it('answers a raw NTLMSSP NEGOTIATE under the Negotiate scheme with a 401 carrying the challenge', async () => {
    // NTLMSSP NEGOTIATE_MESSAGE with NTLM, Unicode, request-target, sign, seal, extended session security, key exchange.
    const negotiate = Buffer.from('4e544c4d5353500001000000378208e2000000000000000000000000000000000000000000000000', 'hex');
    const response = await probe(`http://127.0.0.1:${rig.winrm.httpPort}/wsman`, {
      method: 'POST',
      headers: { authorization: `Negotiate ${negotiate.toString('base64')}`, 'content-length': '0' },
    });
    expect(response.status).toBe(401);
    const [challenge] = headerLines(response, 'www-authenticate');
    const token = Buffer.from(challenge!.replace(/^Negotiate /, ''), 'base64');
    expect(token.subarray(0, 12).toString('latin1')).toBe('NTLMSSP\0\u0002\0\0\0');
  });
});
