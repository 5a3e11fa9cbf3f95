import { readFileSync } from 'node:fs';
import { afterEach, beforeEach, describe, expect, inject, it } from 'vitest';
import { createBasicAuthenticator } from '../../../electron/auth/basic.ts';
import { RemoteShell } from '../../../electron/sessions/remote-shell.ts';
import { Session, type SessionConnectionEvent } from '../../../electron/sessions/session.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
let session: Session;

function newSession(operationTimeoutSec = 20): Session {
  return new Session({
    endpoint: new URL(`https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`),
    tls: { mode: 'ca', caPem: readFileSync(rig.ca.certPath, 'utf8') },
    authenticator: () => createBasicAuthenticator({ userName: rig.winrm.basicUser, password: rig.winrm.basicPassword }),
    operationTimeoutSec,
  });
}

async function collect(stream: NodeJS.ReadableStream): Promise<string> {
  let text = '';
  for await (const chunk of stream) text += (chunk as Buffer).toString();
  return text;
}

beforeEach(async () => {
  await control.reset();
});

afterEach(async () => {
  await control.reset();
  await session?.close();
});

describe('Session against the test WinRM server', () => {
  it('reconnects when the server closes the connection between requests, and tells the session layer', async () => {
    await control.setFaults({ closeAfterRequests: 2 });
    session = newSession();
    const events: SessionConnectionEvent[] = [];
    session.onConnectionEvent((event) => events.push(event));
    const shell = await RemoteShell.open(session);
    const outputs: string[] = [];
    for (const word of ['one', 'two', 'three']) {
      const command = await shell.run(`echo ${word}`);
      const [text, code] = await Promise.all([collect(command.stdout), command.exitCode]);
      expect(code).toBe(0);
      outputs.push(text);
    }
    await shell.close();
    expect(outputs).toEqual(['one\n', 'two\n', 'three\n']);
    const opened = events.filter((e) => e.kind === 'open').map((e) => e.generation);
    expect(opened.length).toBeGreaterThanOrEqual(3);
    expect(opened).toEqual(opened.map((_, i) => i + 1));
    expect(events.some((e) => e.kind === 'close')).toBe(true);
    expect(session.stats().connectionsOpened).toBe(opened.length);
    expect((await control.counters()).closedByFault).toBeGreaterThanOrEqual(2);
  });

  it('sends a keystroke at once while a Receive long-poll is waiting', async () => {
    session = newSession(30);
    const shell = await RemoteShell.open(session);
    const command = await shell.run('read line; echo "got $line"');
    // The Receive for this command now holds the first connection for up to 30 s.
    await new Promise((resolve) => setTimeout(resolve, 300));
    await command.write(Buffer.from('typed\n'), true);
    const [text, code] = await Promise.all([collect(command.stdout), command.exitCode]);
    await shell.close();
    expect(text).toBe('got typed\n');
    expect(code).toBe(0);
    // Had the Send queued behind the poll, the poll would have run out its OperationTimeout first.
    expect((await control.counters()).receiveTimeouts).toBe(0);
    expect(session.stats().lanes).toBe(2);
  });

  it('interrupts a command with ctrl_c while its Receive is pending', async () => {
    session = newSession(30);
    const shell = await RemoteShell.open(session);
    const command = await shell.run('sleep 60');
    await new Promise((resolve) => setTimeout(resolve, 300));
    await command.signal('ctrl_c');
    const code = await command.exitCode;
    await shell.close();
    expect(code).not.toBe(0);
    const counters = await control.counters();
    expect(counters.shellsOpen).toBe(0);
  });
});
