import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createNtlmAuthenticator } from '../../electron/auth/ntlm-authenticator.ts';
import { RemoteShell } from '../../electron/sessions/remote-shell.ts';
import { Session } from '../../electron/sessions/session.ts';
import { WinrmControl } from '../rig/winrm-control.ts';

// Issue 11, item 1, against the rig's WinRM server: NTLM over plain HTTP, every message sealed by
// gss-ntlmssp (not by our own code), and a reply whose first part (the description of the sealed
// data) is 160 000 line feeds. The `^\s*…`/m patterns that read that part took 21 s to refuse it.

const rig = inject('rig');
const control = new WinrmControl(rig);
const sessions: Session[] = [];

function ntlmSession(): Session {
  const session = new Session({
    endpoint: new URL(`http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`),
    tls: { mode: 'system' },
    authenticator: () => createNtlmAuthenticator({ userName: `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`, password: rig.winrm.ntlmPassword }, { spnHost: rig.winrm.spnHost }),
    operationTimeoutSec: 20,
  });
  sessions.push(session);
  return session;
}

beforeEach(async () => {
  await control.reset();
});

afterEach(async () => {
  await Promise.all(sessions.splice(0).map((session) => session.close()));
  await control.reset();
});

describe('a sealed reply whose description part is line feeds', () => {
  it('is refused as MALFORMED_RESPONSE at once, with bounded memory (before: 21 s of CPU)', async () => {
    const shell = await RemoteShell.open(ntlmSession());
    const session = sessions[0]!;
    await control.setFaults({ lineFeedDescriptionNextResponse: 160_000 });
    const rssBefore = process.memoryUsage().rss;
    const started = performance.now();
    const outcome = await shell.run('echo never').then(
      () => 'no error',
      (error: Error & { code?: string }) => `${error.code}: ${error.message}`,
    );
    const ms = performance.now() - started;
    expect(outcome).toMatch(/^MALFORMED_RESPONSE: .*encrypted message is malformed: the first part does not name the protocol/);
    // Generous: a linear reader takes milliseconds; the quadratic one took 21 s.
    expect(ms).toBeLessThan(3_000);
    expect(process.memoryUsage().rss - rssBefore).toBeLessThan(300 * 1024 * 1024);
    const counters = await control.counters();
    expect(counters.lineFeedDescriptions).toBe(1);
    expect(counters.encryptedRequests).toBeGreaterThanOrEqual(2);
    expect(counters.plaintextRequests).toBe(0);
    // A malformed sealed message ends the authenticator: nothing more is sent in the session.
    await expect(RemoteShell.open(session)).rejects.toMatchObject({ code: 'MALFORMED_RESPONSE' });
    expect((await control.counters()).requests).toBe(counters.requests);
  });

  it('while an ordinary sealed exchange reads as before', async () => {
    const shell = await RemoteShell.open(ntlmSession());
    const command = await shell.run('printf sealed');
    const chunks: Buffer[] = [];
    command.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    await expect(command.exitCode).resolves.toBe(0);
    expect(Buffer.concat(chunks).toString()).toBe('sealed');
    expect((await control.counters()).plaintextRequests).toBe(0);
  });

  it('and megabytes of output over many sealed replies arrive byte for byte (one key stream per direction for the whole session)', async () => {
    const shell = await RemoteShell.open(ntlmSession());
    const command = await shell.run('seq 1 400000');
    const chunks: Buffer[] = [];
    command.stdout.on('data', (chunk: Buffer) => chunks.push(chunk));
    await expect(command.exitCode).resolves.toBe(0);
    const expected = Array.from({ length: 400_000 }, (_, n) => `${n + 1}\n`).join('');
    expect(Buffer.concat(chunks).toString() === expected).toBe(true);
    const counters = await control.counters();
    expect(counters.encryptedRequests).toBeGreaterThan(3);
    expect(counters.plaintextRequests).toBe(0);
  });
});
