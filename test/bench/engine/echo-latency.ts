import { text } from 'node:stream/consumers';
import { openShell } from '../../../electron/connections/open-session.ts';
import type { RigInfo } from '../../rig/rig-info.ts';
import { noKerberos, rigNtlmRequest } from '../../support/rig-request.ts';

// Case 4's driver, in a Node process of its own, on the engine's session API: `cat` in a sealed
// NTLM shell over HTTP, its Receive always outstanding (the engine re-issues it as soon as one
// returns), and per line (a) the round trip of one authenticated sealed request on the connection
// that carries input (an empty Send: what every keystroke costs at least), then (b) the time from
// sending the line to seeing it come back. Spec on stdin: {rig, lines, warmup}; JSON on stdout.

interface Spec {
  readonly rig: RigInfo;
  readonly lines: number;
  readonly warmup: number;
}

const spec = JSON.parse(await text(process.stdin)) as Spec;
const opened = await openShell(rigNtlmRequest(spec.rig, 'http', { encryption: 'always' }), { kerberos: noKerberos });
const command = await opened.shell.run('cat');

let seen = '';
let waiting: { needle: string; resolve: () => void } | null = null;
command.stdout.setEncoding('utf8').on('data', (chunk: string) => {
  seen += chunk;
  if (waiting && seen.includes(waiting.needle)) {
    seen = '';
    const { resolve } = waiting;
    waiting = null;
    resolve();
  }
});

const rttMs: number[] = [];
const echoMs: number[] = [];
const empty = new Uint8Array(0);
for (let i = 0; i < spec.warmup + spec.lines; i++) {
  const rttStarted = performance.now();
  await command.write(empty);
  const rtt = performance.now() - rttStarted;

  const line = `line ${i} ${'x'.repeat(20)}\n`;
  const echoed = new Promise<void>((resolve) => (waiting = { needle: line, resolve }));
  const started = performance.now();
  const sent = command.write(Buffer.from(line));
  await echoed;
  const echo = performance.now() - started;
  await sent;
  if (i >= spec.warmup) {
    rttMs.push(rtt);
    echoMs.push(echo);
  }
}
await command.end();
const exitCode = await command.exitCode;
const stats = opened.session.stats();
await opened.dispose();
process.stdout.write(`${JSON.stringify({ rttMs, echoMs, exitCode, stats })}\n`);
