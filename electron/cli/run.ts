import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DeskError } from '../../shared/errors.ts';
import type { RemoteCommand } from '../sessions/remote-command.ts';
import type { RemoteShell } from '../sessions/remote-shell.ts';
import type { ShellSpec } from '../winrm/shell-messages.ts';
import { openShellFirstReachable, planFor, type OpenedSession } from './connect.ts';
import { parseCommandLine, type ConnectionOptions, type ParsedCommandLine } from './options.ts';
import { runProfilesCli, withProfileConnection } from './profiles-cli.ts';
import { runVaultCli } from './vault-cli.ts';
import { reportFailure } from './flags.ts';
import { feedStdin, forward, type Counted } from './streams.ts';
import { USAGE } from './usage.ts';

export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Registers a handler for the user's Ctrl-C; returns the function that removes it. */
  readonly onInterrupt: (handler: () => void) => () => void;
}

export { LOCAL_FAILURE_EXIT } from './flags.ts';

interface Outcome {
  exitCode: number;
  commands: number;
  stdout: Counted;
  stderr: Counted;
  shellOpenMs: number;
}

/** The whole CLI: parse, connect, run, report. Returns the process exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    if (argv[0] === 'profiles') return await runProfilesCli(argv.slice(1), io);
    if (argv[0] === 'vault') return await runVaultCli(argv.slice(1), io);
    const parsed = parseCommandLine(argv);
    if (parsed.profile) {
      const { ref, flags } = parsed.profile;
      return await withProfileConnection(ref, flags, io, (options, password) => runConnected(parsed, options, password, io));
    }
    if (parsed.verb === 'help' || !parsed.connection) {
      io.stdout.write(USAGE);
      return 0;
    }
    return await runConnected(parsed, parsed.connection, undefined, io);
  } catch (error) {
    return reportFailure(io.stderr, error);
  }
}

async function runConnected(parsed: ParsedCommandLine, options: ConnectionOptions, password: string | undefined, io: CliIo): Promise<number> {
  const started = performance.now();
  if (parsed.verb === 'plan') return printPlan(options, io);
  if (parsed.verb === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  let opened: OpenedSession | null = null;
  try {
    const t0 = performance.now();
    const reached = await openShellFirstReachable(options, io.env, password, shellSpec(options), (message) => io.stderr.write(`winrm-desk: warning: ${message}\n`));
    opened = reached.opened;
    const outcome = await runVerb(parsed.verb, parsed.command, options, reached.shell, performance.now() - t0, io);
    if (options.json) {
      const stats = opened.session.stats();
      const result = {
        exitCode: outcome.exitCode,
        commands: outcome.commands,
        stdoutBytes: outcome.stdout.bytes,
        stderrBytes: outcome.stderr.bytes,
        timings: { shellOpenMs: Math.round(outcome.shellOpenMs), totalMs: Math.round(performance.now() - started) },
        connections: { opened: stats.connectionsOpened, lanes: stats.lanes },
        handshakes: stats.handshakes,
        requests: stats.requests,
        certificateVerification: !options.insecureSkipVerify,
        maxRssKiB: process.resourceUsage().maxRSS,
      };
      io.stdout.write(`${JSON.stringify(result)}\n`);
    }
    return outcome.exitCode;
  } catch (error) {
    return reportFailure(io.stderr, error);
  } finally {
    await opened?.dispose();
  }
}

/**
 * `plan`: the connection plan or the refusal, sending nothing; with a PAC-style list, one line per
 * entry in the order they would be tried. Exit 0 when some entry can be used, 1 when all are refused.
 */
function printPlan(options: ConnectionOptions, io: CliIo): number {
  const plans = (options.proxyChain ?? [options.proxy]).map((proxy) => planFor({ ...options, proxy, proxyChain: null }));
  if (options.json) {
    io.stdout.write(`${JSON.stringify(options.proxyChain ? plans : plans[0])}\n`);
    return plans.some((p) => p.ok) ? 0 : 1;
  }
  for (const plan of plans) printOnePlan(options, plan, io);
  return plans.some((p) => p.ok) ? 0 : 1;
}

function printOnePlan(options: ConnectionOptions, plan: ReturnType<typeof planFor>, io: CliIo): void {
  if (plan.ok) {
    const via = plan.proxy ? ` via proxy ${plan.proxy.host}:${plan.proxy.port} (${plan.route}${plan.proxy.auth !== 'none' ? `, proxy auth ${plan.proxy.auth}` : ''})` : ' (direct)';
    io.stdout.write(`plan: ${options.url.href}${via}; auth ${plan.auth}; protection ${plan.protection}; certificate verification ${plan.certificateVerification ? 'on' : 'OFF'}\n`);
    for (const note of plan.notes) io.stdout.write(`note: ${note}\n`);
    for (const warning of plan.warnings) io.stdout.write(`warning: ${warning}\n`);
  } else {
    io.stdout.write(`refused ${plan.code}: ${plan.reason}\nfix: ${plan.fix}\n`);
  }
}

function shellSpec(options: ConnectionOptions): ShellSpec {
  return {
    codepage: options.codepage,
    ...(options.cwd ? { workingDirectory: options.cwd } : {}),
    ...(Object.keys(options.env).length ? { environment: options.env } : {}),
  };
}

async function runVerb(verb: 'exec' | 'batch' | 'shell', command: readonly string[], options: ConnectionOptions, shell: RemoteShell, shellOpenMs: number, io: CliIo): Promise<Outcome> {
  const outcome: Outcome = { exitCode: 0, commands: 0, stdout: { bytes: 0 }, stderr: { bytes: 0 }, shellOpenMs };
  // With --json our stdout carries the result alone; the remote output then goes to stderr.
  const out = options.json ? io.stderr : io.stdout;
  try {
    if (verb === 'batch') {
      const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const code = await runOne(shell, line, [], io, out, outcome, false);
        outcome.commands++;
        if (code !== 0) outcome.exitCode = code;
      }
    } else {
      const [program, ...args] = verb === 'shell' ? ['cmd'] : command;
      // exec forwards piped input; with a terminal on stdin there is none to forward (that is `shell`).
      const feed = verb === 'shell' || !io.stdin.isTTY;
      outcome.exitCode = await runOne(shell, program!, args, io, out, outcome, feed);
      outcome.commands = 1;
    }
  } finally {
    await shell.close().catch((error: unknown) => {
      const code = error instanceof DeskError ? error.code : 'INTERNAL';
      io.stderr.write(`winrm-desk: warning: the remote shell could not be deleted (${code}); it ends when its idle timeout passes.\n`);
    });
  }
  return outcome;
}

async function runOne(shell: RemoteShell, program: string, args: readonly string[], io: CliIo, out: Writable, outcome: Outcome, feed: boolean): Promise<number> {
  const command = await shell.run(program, args, { deferReceive: feed });
  let interrupts = 0;
  const removeInterrupt = io.onInterrupt(() => {
    interrupts++;
    // First Ctrl-C asks the remote command to stop (as at a console); a second one terminates it.
    void command.signal(interrupts === 1 ? 'ctrl_c' : 'terminate').catch(() => undefined);
  });
  try {
    // A batch sends no input at all: an End would be one more request per command, racing the
    // Receive and so needing a second connection.
    const feeding = feed ? feedStdin(io.stdin, command) : Promise.resolve();
    const copying = Promise.all([forward(command.stdout, out, outcome.stdout), forward(command.stderr, io.stderr, outcome.stderr)]);
    const exitCode = await command.exitCode;
    await copying;
    await settleInput(feeding, command);
    return exitCode;
  } finally {
    removeInterrupt();
  }
}

// Input still being read when the command ended is abandoned; a failure to send it then is not an error.
async function settleInput(feeding: Promise<void>, command: RemoteCommand): Promise<void> {
  try {
    await Promise.race([feeding, new Promise((resolve) => setTimeout(resolve, 0))]);
  } catch (error) {
    if (!command.done) throw error;
  }
}
