import { readFile } from 'node:fs/promises';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { kinit } from './kerberos-ticket.ts';
import { gssapiEcho } from './gssapi-echo.ts';
import type { WinrmCounters } from './rig-info.ts';
import { WinrmControl } from './winrm-control.ts';
import { RawWsman, exitCodeOf, stdoutOf } from './wsman-raw.ts';

// Who authenticated on each connection (counters and winrm.log), and the control API's
// POST /drop and POST /forget-shells.
const rig = inject('rig');
const control = new WinrmControl(rig);
const raw = new RawWsman(rig);

beforeEach(() => control.reset());
afterAll(() => raw.close());

const principals = (counters: WinrmCounters) => counters.connections.filter((c) => c.requests > 0).map((c) => c.principal);
const serverLog = () => readFile(rig.winrm.log, 'utf8');

function alive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

async function eventually(check: () => boolean | Promise<boolean>, timeoutMs = 5_000): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return true;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  return check();
}

describe('test WinRM server: the principal of each connection', () => {
  let aliceCache: string;
  let bobCache: string;
  beforeAll(async () => {
    aliceCache = await kinit(rig, 'ccache-principal-alice');
    bobCache = await kinit(rig, 'ccache-principal-bob', { principal: rig.krb5.secondPrincipal, password: rig.krb5.secondPassword });
  });

  it('the KDC has a second user with its own password', () => {
    expect(rig.krb5).toMatchObject({ secondUser: 'bob', secondPrincipal: `bob@${rig.krb5.realm}` });
    expect(rig.krb5.secondPassword).not.toBe(rig.krb5.password);
  });

  it('Kerberos as alice and as bob: each connection shows its principal, and the log says who', async () => {
    expect(await gssapiEcho(rig, 'Kerberos', 'kerberos', { ccache: aliceCache })).toMatchObject({ ok: true, stdout: 'sealed\n' });
    expect(await gssapiEcho(rig, 'Kerberos', 'kerberos', { ccache: bobCache })).toMatchObject({ ok: true, stdout: 'sealed\n' });
    const counters = await control.counters();
    expect(principals(counters)).toEqual([rig.krb5.principal, rig.krb5.secondPrincipal]);
    expect(counters.handshakes).toEqual({ ntlm: 0, kerberos: 2 });
    const log = await serverLog();
    for (const principal of [rig.krb5.principal, rig.krb5.secondPrincipal]) {
      expect(log).toMatch(new RegExp(`\\[conn \\d+\\] authenticated: scheme=Kerberos mech=kerberos principal=${principal}\\n`));
    }
  });

  it('NTLM (SPNEGO) shows DOMAIN\\user', async () => {
    expect(await gssapiEcho(rig, 'Negotiate', 'spnego-ntlm')).toMatchObject({ ok: true, stdout: 'sealed\n' });
    const ntlmUser = `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`;
    expect(principals(await control.counters())).toEqual([ntlmUser]);
    expect(await serverLog()).toContain(`authenticated: scheme=Negotiate mech=ntlm principal=${ntlmUser}\n`);
  });

  it('Basic shows the Basic user, logged once per connection', async () => {
    const shellId = await raw.createShell();
    await raw.deleteShell(shellId);
    const counters = await control.counters();
    expect(principals(counters)).toEqual([rig.winrm.basicUser]);
    const id = counters.connections.find((c) => c.requests > 0)!.id;
    const lines = (await serverLog()).split('\n').filter((line) => line.startsWith(`[conn ${id}] authenticated:`));
    expect(lines).toEqual([`[conn ${id}] authenticated: scheme=Basic mech=basic principal=${rig.winrm.basicUser}`]);
  });

  it('a connection that never authenticated has principal null', async () => {
    const response = await fetch(`http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`, { method: 'POST', body: '<s:Envelope/>' });
    expect(response.status).toBe(401);
    expect(principals(await control.counters())).toEqual([null]);
  });
});

describe('test WinRM server: POST /drop', () => {
  it('closes every open connection at once: a pending Receive fails, connectionsOpen goes to 0', async () => {
    const shellId = await raw.createShell();
    const commandId = await raw.command(shellId, 'sleep 30');
    const pending = raw.receive(shellId, commandId, { operationTimeout: 'PT20S' });
    pending.catch(() => undefined);
    // The Receive is in its long-poll once the server has counted it.
    expect(await eventually(async () => (await control.counters()).requests >= 3)).toBe(true);
    expect((await control.counters()).connectionsOpen).toBeGreaterThanOrEqual(1);
    const started = Date.now();
    const { dropped } = await control.drop();
    expect(dropped).toBeGreaterThanOrEqual(1);
    await expect(pending).rejects.toThrow();
    expect(Date.now() - started).toBeLessThan(5_000);
    const counters = await control.counters();
    expect(counters.connectionsOpen).toBe(0);
    expect(counters.connectionsDropped).toBe(dropped);
    expect(counters.connections.filter((c) => c.open)).toEqual([]);
    // The shell outlives its connection: a new one carries on with it.
    expect((await raw.deleteShell(shellId)).status).toBe(200);
    expect((await control.counters()).connectionsAccepted).toBe(counters.connectionsAccepted + 1);
  });

  it('answers with the count: 0 when nothing is open', async () => {
    await raw.deleteShell(await raw.createShell());
    expect(await control.drop()).toEqual({ dropped: 1 });
    expect(await control.drop()).toEqual({ dropped: 0 });
    expect((await control.counters()).connectionsDropped).toBe(1);
  });
});

describe('test WinRM server: POST /forget-shells', () => {
  it('drops every shell as a restart would: processes killed, the next Receive gets shell-not-found', async () => {
    const shellId = await raw.createShell();
    const commandId = await raw.command(shellId, 'echo $$; exec sleep 30');
    let out = '';
    while (!out.includes('\n')) {
      const response = await raw.receive(shellId, commandId, { operationTimeout: 'PT5S' });
      out += stdoutOf(response.body).toString();
      expect(exitCodeOf(response.body)).toBeUndefined();
    }
    const pid = Number(out.trim());
    expect(alive(pid)).toBe(true);
    const consoleShell = await raw.createShell();
    await raw.command(consoleShell, 'cmd');

    const { forgotten } = await control.forgetShells();
    expect(forgotten).toBeGreaterThanOrEqual(2);
    expect(await eventually(() => !alive(pid))).toBe(true);
    const response = await raw.receive(shellId, commandId);
    expect(response.status).toBe(500);
    expect(response.body).toContain('Code="2150858843"');
    expect(response.body).toContain('<s:Value>w:InvalidSelectors</s:Value>');
    expect((await raw.deleteShell(consoleShell)).body).toContain('Code="2150858843"');
    expect(await control.counters()).toMatchObject({ shellsForgotten: forgotten, shellsOpen: 0, shellsCreated: 2 });
    expect(await control.forgetShells()).toEqual({ forgotten: 0 });
  });
});
