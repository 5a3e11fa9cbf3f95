import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, inject, it } from 'vitest';
import { createBasicAuthenticator } from '../../../electron/auth/basic.ts';
import { parsePlainXml } from '../../../electron/winrm/plain-xml.ts';
import { parseWithXmldom } from '../../../electron/winrm/xml.ts';
import { RemoteShell } from '../../../electron/sessions/remote-shell.ts';
import { Session } from '../../../electron/sessions/session.ts';
import { RawWsman, exitCodeOf, match } from '../../rig/wsman-raw.ts';
import { dumpTree } from './dom-dump.ts';

// Receive replies from the rig's WinRM server (shaped like Windows'): each is read by the plain
// reader, into xmldom's tree, and a command's binary output arrives byte for byte through it.

const rig = inject('rig');
const raw = new RawWsman(rig);
const SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell';

afterAll(() => raw.close());

function expectReadPlainly(body: string): void {
  const plain = parsePlainXml(Buffer.from(body, 'utf8'));
  expect(plain).not.toBeNull();
  expect(dumpTree(plain!)).toEqual(dumpTree(parseWithXmldom(body)));
}

describe('replies of the test WinRM server', () => {
  it('are read by the plain reader into the tree xmldom builds: create, command, receive (full and empty), timeout fault, delete', async () => {
    const bodies: string[] = [];
    const created = await raw.post(raw.envelope('http://schemas.xmlsoap.org/ws/2004/09/transfer/Create', '<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>').xml);
    bodies.push(created.body);
    const shellId = match(created.body, /<w:Selector Name="ShellId">([^<]+)</);
    const commanded = await raw.post(
      raw.envelope(`${SHELL}/Command`, '<rsp:CommandLine><rsp:Command>head -c 600000 /dev/urandom; echo oops &gt;&amp;2; sleep 2</rsp:Command></rsp:CommandLine>', { shellId }).xml,
    );
    bodies.push(commanded.body);
    const commandId = match(commanded.body, /<rsp:CommandId>([^<]+)</);
    let exitCode: number | undefined;
    let sawTimeout = false;
    for (let polls = 0; exitCode === undefined && polls < 50; polls++) {
      const reply = await raw.receive(shellId, commandId, { maxEnvelopeSize: 512_000, operationTimeout: 'PT1S' });
      bodies.push(reply.body);
      if (reply.status === 500) sawTimeout = true;
      exitCode = exitCodeOf(reply.body);
    }
    bodies.push((await raw.deleteShell(shellId)).body);
    expect(exitCode).toBe(0);
    expect(sawTimeout).toBe(true);
    expect(bodies.some((b) => b.length > 400_000)).toBe(true);
    expect(bodies.some((b) => b.includes('stderr'))).toBe(true);
    for (const body of bodies) expectReadPlainly(body);
  });
});

describe('a command’s output through a session', () => {
  it('arrives byte for byte on both streams, over many full envelopes', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-receive-'));
    const session = new Session({
      endpoint: new URL(`https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`),
      tls: { mode: 'ca', caPem: readFileSync(rig.ca.certPath, 'utf8') },
      authenticator: () => createBasicAuthenticator({ userName: rig.winrm.basicUser, password: rig.winrm.basicPassword }),
    });
    try {
      const out = path.join(dir, 'out.bin');
      const err = path.join(dir, 'err.bin');
      const shell = await RemoteShell.open(session);
      // Every byte value, in random order, several MB on stdout and stderr written in turns.
      const command = await shell.run(
        `head -c 3000000 /dev/urandom > ${out}; head -c 700000 /dev/urandom > ${err}; ` +
          `for i in 1 2 3; do cat ${out}; cat ${err} >&2; done`,
      );
      const chunks = { stdout: [] as Buffer[], stderr: [] as Buffer[] };
      command.stdout.on('data', (chunk: Buffer) => chunks.stdout.push(chunk));
      command.stderr.on('data', (chunk: Buffer) => chunks.stderr.push(chunk));
      expect(await command.exitCode).toBe(0);
      await shell.close();
      const [expectedOut, expectedErr] = await Promise.all([readFile(out), readFile(err)]);
      expect(Buffer.concat(chunks.stdout).equals(Buffer.concat([expectedOut, expectedOut, expectedOut]))).toBe(true);
      expect(Buffer.concat(chunks.stderr).equals(Buffer.concat([expectedErr, expectedErr, expectedErr]))).toBe(true);
      // 11 MB at ~375 KB per envelope: the output came in dozens of full Receive replies.
      expect(session.stats().requests).toBeGreaterThan(25);
    } finally {
      await session.close();
      await rm(dir, { recursive: true, force: true });
    }
  });
});
