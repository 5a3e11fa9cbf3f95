import { text } from 'node:stream/consumers';
import { setTimeout as delay } from 'node:timers/promises';
import { openShell, type OpenedShell } from '../../../electron/connections/open-session.ts';
import { TlsSessionCache } from '../../../electron/http/tls-session-cache.ts';
import type { RigInfo } from '../../rig/rig-info.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { noKerberos, rigNtlmRequest } from '../../support/rig-request.ts';

// Case 5's driver: one Node process on the engine's session API (run with --expose-gc). First one
// session (open, `echo hi`, close) to have the modules loaded and a figure to compare with; then
// SESSIONS sessions opened at once, left idle (RSS after a full GC), `echo hi` on all at once (RSS
// sampled throughout), all closed. RSS per session is the growth over the RSS after the single run,
// divided by the number of sessions; beside it the same for the JS heap plus Node's external memory
// (finer than RSS, which the allocator returns to the system in whole pages). Over HTTPS, `resume`
// gives every session the process's one TLS session cache (the app's services own one), so the
// sessions after the first resume instead of a full handshake. Spec on stdin: {rig, sessions,
// transport?, resume?}; JSON on stdout.

interface Spec {
  readonly rig: RigInfo;
  readonly sessions: number;
  readonly transport?: 'http' | 'https';
  readonly resume?: boolean;
}

interface Phases {
  openMs: number;
  runMs: number;
  closeMs: number;
  cpuSec: number;
  requests: number;
  connections: number;
  serverCpuSec: number;
  /** TLS handshakes that resumed a session (0 over HTTP). */
  resumed: number;
}

const spec = JSON.parse(await text(process.stdin)) as Spec;
const transport = spec.transport ?? 'http';
const request = rigNtlmRequest(spec.rig, transport, transport === 'http' ? { encryption: 'always' } : {});
const tlsSessions = spec.resume ? new TlsSessionCache() : undefined;
const control = new WinrmControl(spec.rig);
const gc = (globalThis as { gc?: () => void }).gc;
if (!gc) throw new Error('run with --expose-gc');

async function echo(opened: OpenedShell): Promise<void> {
  const command = await opened.shell.run('echo', ['hi']);
  const [out, code] = await Promise.all([text(command.stdout), command.exitCode]);
  if (out !== 'hi\n' || code !== 0) throw new Error(`echo hi gave ${JSON.stringify(out)}, exit ${code}`);
}

/** RSS, and what the JS heap and Node's buffers hold, after a full GC. */
async function settled(): Promise<{ rss: number; heap: number }> {
  gc!();
  await delay(50);
  gc!();
  const m = process.memoryUsage();
  return { rss: m.rss, heap: m.heapUsed + m.external };
}

/** Opens `count` sessions at once, runs `echo hi` on each at once, closes them; between the phases, `between`. */
async function round(count: number, between: { idle?: () => Promise<void>; sample?: () => void } = {}): Promise<Phases> {
  await control.reset();
  const cpu = process.cpuUsage();
  let started = performance.now();
  let resumed = 0;
  const onHop = (hop: { stage: string; resumed?: boolean }) => void (hop.stage === 'tls' && hop.resumed && resumed++);
  const shells = await Promise.all(Array.from({ length: count }, () => openShell(request, { kerberos: noKerberos, onHop, ...(tlsSessions ? { tlsSessions } : {}) })));
  const openMs = performance.now() - started;
  const cpuOpen = process.cpuUsage(cpu);
  await between.idle?.();
  const cpuRun = process.cpuUsage();
  const sampler = between.sample ? setInterval(between.sample, 5) : undefined;
  started = performance.now();
  await Promise.all(shells.map(echo));
  const runMs = performance.now() - started;
  clearInterval(sampler);
  between.sample?.();
  started = performance.now();
  const closed = await Promise.all(shells.map((s) => s.dispose()));
  const closeMs = performance.now() - started;
  const cpuRest = process.cpuUsage(cpuRun);
  if (closed.some((c) => !c.shellDeleted)) throw new Error('a shell was not deleted');
  const counters = await control.counters();
  const cpuSec = (cpuOpen.user + cpuOpen.system + cpuRest.user + cpuRest.system) / 1e6;
  return { openMs, runMs, closeMs, cpuSec, requests: counters.requests, connections: counters.connectionsAccepted, serverCpuSec: counters.cpuSec, resumed };
}

const single = await round(1);
const baseline = await settled();
let idle = baseline;
let busyRss = 0;
const fanout = await round(spec.sessions, {
  idle: async () => {
    idle = await settled();
  },
  sample: () => {
    busyRss = Math.max(busyRss, process.memoryUsage.rss());
  },
});
process.stdout.write(`${JSON.stringify({ single, fanout, baselineRss: baseline.rss, idleRss: idle.rss, busyRss, baselineHeap: baseline.heap, idleHeap: idle.heap })}\n`);
