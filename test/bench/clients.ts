import path from 'node:path';
import type { RigInfo } from '../rig/rig-info.ts';
import { WinrmControl } from '../rig/winrm-control.ts';
import type { CliEntry } from './cli-entry.ts';
import { runMeasured, type MeasuredRun } from './measure.ts';

// The two clients as the bench drives them against the same rig server: our CLI (`--json`, the
// remote output on its stderr) and pywinrm through pywinrm_bench.py (the same layout). Every run
// starts from reset server counters and reads them afterwards, so each figure has the HTTP
// exchanges (auth legs included) and TCP connections the server saw for that run beside it.

export type Route = 'http' | 'https' | 'squid-forward' | 'squid-tunnel';
export type Workload = { readonly kind: 'commands'; readonly count: number } | { readonly kind: 'output'; readonly bytes: number };

export const ROUTE_LABEL: Record<Route, string> = {
  http: 'NTLM, sealed, HTTP, direct',
  https: 'NTLM over HTTPS, direct',
  'squid-forward': 'NTLM, sealed, HTTP, through Squid (forward)',
  'squid-tunnel': 'NTLM over HTTPS, through Squid (CONNECT)',
};

export interface ServerCounts {
  /** HTTP requests the server answered, the authentication legs included. */
  readonly requests: number;
  /** TCP connections it accepted (through Squid: Squid's connections to it). */
  readonly connections: number;
  /** CPU seconds the server spent (its commands included): the part of the wall time no client can win back. */
  readonly serverCpuSec: number;
}

export interface ClientRun extends ServerCounts {
  readonly wallMs: number;
  readonly cpuSec: number;
  readonly maxRssKiB: number;
  /** The client's own account of its work, without process start-up (ours: --json totalMs; pywinrm: innerSec). */
  readonly innerMs: number;
  readonly stdoutBytes: number;
}

/** Our CLI refused or failed in a way the case reports as "unavailable" rather than as a broken run. */
export class Unavailable extends Error {}

const PYWINRM_BENCH = path.join(import.meta.dirname, 'pywinrm_bench.py');
const OPENSSL_LEGACY = path.join(import.meta.dirname, '../rig/openssl-legacy.cnf');

function outputCommand(bytes: number): string {
  return `head -c ${bytes} /dev/zero`;
}

export function commandLines(count: number): string[] {
  return Array.from({ length: count }, (_, i) => `echo ${i}`);
}

export class Clients {
  readonly rig: RigInfo;
  readonly control: WinrmControl;
  readonly cli: CliEntry;
  readonly #secrets: Record<string, string>;

  constructor(rig: RigInfo, cli: CliEntry) {
    this.rig = rig;
    this.control = new WinrmControl(rig);
    this.cli = cli;
    this.#secrets = { NTLM_PASSWORD: rig.winrm.ntlmPassword, WINRM_PASSWORD: rig.winrm.basicPassword, KRB_PASSWORD: rig.krb5.password };
  }

  /** Environment of a client process: PATH and the variables named, nothing of ours. */
  env(extra: Record<string, string> = {}): Record<string, string> {
    return { PATH: process.env['PATH'] ?? '/usr/bin:/bin', ...this.#secrets, ...extra };
  }

  url(transport: 'http' | 'https'): string {
    return `${transport}://${this.rig.winrm.host}:${transport === 'https' ? this.rig.winrm.httpsPort : this.rig.winrm.httpPort}/wsman`;
  }

  /** Our CLI's connection flags for a route. */
  oursRoute(route: Route): string[] {
    const https = route === 'https' || route === 'squid-tunnel';
    const flags = ['--url', this.url(https ? 'https' : 'http'), '--auth', 'ntlm', '--user', `${this.rig.winrm.ntlmDomain}\\${this.rig.winrm.ntlmUser}`, '--password-env', 'NTLM_PASSWORD'];
    flags.push(...(https ? ['--ca', this.rig.ca.certPath] : ['--encryption', 'always']));
    if (route === 'squid-forward' || route === 'squid-tunnel') flags.push('--proxy', `127.0.0.1:${this.rig.squid.openPort}`);
    return flags;
  }

  /** Kerberos with message encryption over HTTP as alice (the rig's SPN host). */
  oursKerberosHttp(): string[] {
    return ['--url', this.url('http'), '--auth', 'kerberos', '--spn-host', this.rig.winrm.spnHost, '--user', this.rig.krb5.principal, '--password-env', 'KRB_PASSWORD', '--encryption', 'always'];
  }

  /** pywinrm's spec for a route: message encryption always on HTTP, TLS alone on HTTPS (its 'auto'). */
  pywinrmRoute(route: Route): Record<string, unknown> {
    const https = route === 'https' || route === 'squid-tunnel';
    return {
      endpoint: this.url(https ? 'https' : 'http'),
      transport: 'ntlm',
      username: `${this.rig.winrm.ntlmDomain}\\${this.rig.winrm.ntlmUser}`,
      password: this.rig.winrm.ntlmPassword,
      messageEncryption: https ? 'auto' : 'always',
      ...(https ? { caPath: this.rig.ca.certPath } : {}),
      ...(route === 'squid-forward' || route === 'squid-tunnel' ? { proxy: `http://127.0.0.1:${this.rig.squid.openPort}` } : {}),
    };
  }

  async counted<T>(run: () => Promise<T>): Promise<T & ServerCounts> {
    await this.control.reset();
    const result = await run();
    const counters = await this.control.counters();
    return { ...result, requests: counters.requests, connections: counters.connectionsAccepted, serverCpuSec: counters.cpuSec };
  }

  /** Our CLI on a workload: `batch` of N commands, or `exec` of one command printing N bytes. */
  ours(workload: Workload, flags: readonly string[], extraEnv: Record<string, string> = {}): Promise<ClientRun> {
    const [verb, stdin] = workload.kind === 'commands' ? ['batch', `${commandLines(workload.count).join('\n')}\n`] : ['exec', ''];
    const command = workload.kind === 'output' ? ['--', outputCommand(workload.bytes)] : [];
    return this.counted(async () => {
      const run = await runMeasured([...this.cli.argv, verb, ...flags, '--json', ...command], { env: this.env(extraEnv), stdin });
      const json = oursJson(run);
      checkOutput(workload, json.stdoutBytes, run.stderrBytes, json.commands);
      return { wallMs: run.wallMs, cpuSec: run.cpuSec, maxRssKiB: run.maxRssKiB, innerMs: json.timings.totalMs, stdoutBytes: json.stdoutBytes };
    });
  }

  /** pywinrm on the same workload: the commands one after another in one shell. */
  pywinrm(workload: Workload, spec: Record<string, unknown>): Promise<ClientRun> {
    const commands = workload.kind === 'commands' ? commandLines(workload.count) : [outputCommand(workload.bytes)];
    return this.counted(async () => {
      const run = await this.runPywinrm({ ...spec, commands });
      const result = pywinrmJson(run);
      checkOutput(workload, result.stdoutBytes, run.stderrBytes, commands.length);
      return { wallMs: run.wallMs, cpuSec: run.cpuSec, maxRssKiB: run.maxRssKiB, innerMs: result.innerSec * 1000, stdoutBytes: result.stdoutBytes };
    });
  }

  runPywinrm(spec: Record<string, unknown>, extraEnv: Record<string, string> = {}): Promise<MeasuredRun> {
    // The spec carries the password: stdin, never the command line.
    return runMeasured([this.rig.python, PYWINRM_BENCH], { env: this.env({ OPENSSL_CONF: OPENSSL_LEGACY, ...extraEnv }), stdin: JSON.stringify(spec) });
  }

  pywinrmArgv(): string[] {
    return [this.rig.python, PYWINRM_BENCH];
  }

  pywinrmEnv(extra: Record<string, string> = {}): Record<string, string> {
    return this.env({ OPENSSL_CONF: OPENSSL_LEGACY, ...extra });
  }
}

export interface OursJson {
  readonly exitCode: number;
  readonly commands: number;
  readonly stdoutBytes: number;
  readonly timings: { readonly shellOpenMs: number; readonly totalMs: number };
  readonly maxRssKiB: number;
}

/** Our CLI's --json line; a local failure ("winrm-desk: error CODE: …") becomes Unavailable when it is a refusal. */
export function oursJson(run: MeasuredRun | { code: number | null; stdout: string; stderrTail: string }): OursJson {
  if (run.code !== 0) {
    const error = /winrm-desk: error ([A-Z_]+): ([^\n]*)/.exec(run.stderrTail);
    if (error && /^POLICY_|^UNSUPPORTED|^INVALID_ARGUMENT/.test(error[1]!)) throw new Unavailable(`${error[1]}: ${error[2]}`);
    throw new Error(`our CLI exited ${run.code}: ${run.stderrTail.trim().split('\n').slice(-3).join(' | ').slice(-400)}`);
  }
  return JSON.parse(run.stdout.trim().split('\n').at(-1)!) as OursJson;
}

interface PywinrmJson {
  readonly ok: boolean;
  readonly innerSec: number;
  readonly stdoutBytes: number;
  readonly exitCodes: readonly number[];
  readonly error?: string;
}

export function pywinrmJson(run: MeasuredRun | { code: number | null; stdout: string; stderrTail: string }): PywinrmJson {
  const line = run.stdout.trim().split('\n').at(-1);
  let result: PywinrmJson;
  try {
    result = JSON.parse(line ?? '') as PywinrmJson;
  } catch {
    throw new Error(`pywinrm_bench.py exited ${run.code} without a result: ${run.stderrTail.slice(-300)}`);
  }
  if (!result.ok) throw new Error(`pywinrm: ${result.error ?? 'failed'}`);
  const failed = result.exitCodes.filter((code) => code !== 0).length;
  if (failed > 0) throw new Error(`pywinrm: ${failed} of ${result.exitCodes.length} commands exited non-zero`);
  return result;
}

function checkOutput(workload: Workload, reported: number, carried: number, commands: number): void {
  if (workload.kind === 'output' && (reported !== workload.bytes || carried < workload.bytes)) {
    throw new Error(`expected ${workload.bytes} bytes of output, the client reported ${reported} and carried ${carried}`);
  }
  if (workload.kind === 'commands' && commands !== workload.count) throw new Error(`expected ${workload.count} commands, the client ran ${commands}`);
}
