import { createInterface } from 'node:readline';
import type { Readable, Writable } from 'node:stream';
import { DeskError } from '../../shared/errors.ts';
import type { RemoteCommand } from '../sessions/remote-command.ts';
import type { RemoteShell } from '../sessions/remote-shell.ts';
import type { ConnectionRequest } from '../connections/request.ts';
import { openCliShell, plansFor, requestFromFlags, type CliShell } from './connect.ts';
import { parseCommandLine, type ParsedCommandLine } from './options.ts';
import { runProfilesCli, withProfileRequest } from './profiles-cli.ts';
import { runVaultCli } from './vault-cli.ts';
import { reportFailure } from './flags.ts';
import { CommandInterrupts, SIGINT_EXIT } from './interrupts.ts';
import { feedStdin, forward, type Counted } from './streams.ts';
import { USAGE } from './usage.ts';

export interface CliIo {
  readonly stdin: Readable & { isTTY?: boolean };
  readonly stdout: Writable;
  readonly stderr: Writable;
  readonly env: NodeJS.ProcessEnv;
  /** Registers a handler for the user's Ctrl-C (SIGINT) and for SIGTERM; returns the function that removes it. */
  readonly onInterrupt: (handler: (signal: 'SIGINT' | 'SIGTERM') => void) => () => void;
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
      return await withProfileRequest(ref, flags, io, (request) => runConnected(parsed, request, flags.json, io));
    }
    if (parsed.verb === 'help' || !parsed.connection) {
      io.stdout.write(USAGE);
      return 0;
    }
    return await runConnected(parsed, requestFromFlags(parsed.connection, io.env), parsed.connection.json, io);
  } catch (error) {
    return reportFailure(io.stderr, error);
  }
}

async function runConnected(parsed: ParsedCommandLine, request: ConnectionRequest, json: boolean, io: CliIo): Promise<number> {
  const started = performance.now();
  if (parsed.verb === 'plan') return printPlan(request, json, io);
  if (parsed.verb === 'help') {
    io.stdout.write(USAGE);
    return 0;
  }
  let reached: CliShell | null = null;
  try {
    const t0 = performance.now();
    reached = await openCliShell(request, io.env, (message) => io.stderr.write(`winrm-desk: warning: ${message}\n`));
    const { session, shell } = reached.opened;
    const outcome = await runVerb(parsed.verb, parsed.command, json, shell, performance.now() - t0, io);
    if (json) {
      const stats = session.stats();
      const result = {
        exitCode: outcome.exitCode,
        commands: outcome.commands,
        stdoutBytes: outcome.stdout.bytes,
        stderrBytes: outcome.stderr.bytes,
        timings: { shellOpenMs: Math.round(outcome.shellOpenMs), totalMs: Math.round(performance.now() - started) },
        connections: { opened: stats.connectionsOpened, lanes: stats.lanes },
        handshakes: stats.handshakes,
        requests: stats.requests,
        certificateVerification: request.tls.mode !== 'insecure',
        maxRssKiB: process.resourceUsage().maxRSS,
      };
      io.stdout.write(`${JSON.stringify(result)}\n`);
    }
    return outcome.exitCode;
  } catch (error) {
    return reportFailure(io.stderr, error);
  } finally {
    // runVerb deleted the shell already (and said so if it could not); this closes the session.
    await reached?.dispose();
  }
}

/**
 * `plan`: the connection plan or the refusal, sending nothing; with a PAC-style list, one line per
 * entry in the order they would be tried. Exit 0 when some entry can be used, 1 when all are refused.
 */
function printPlan(request: ConnectionRequest, json: boolean, io: CliIo): number {
  const plans = plansFor(request);
  if (json) {
    io.stdout.write(`${JSON.stringify(plans.length > 1 ? plans : plans[0])}\n`);
    return plans.some((p) => p.ok) ? 0 : 1;
  }
  for (const plan of plans) printOnePlan(request, plan, io);
  return plans.some((p) => p.ok) ? 0 : 1;
}

function printOnePlan(request: ConnectionRequest, plan: ReturnType<typeof plansFor>[number], io: CliIo): void {
  if (plan.ok) {
    const via = plan.proxy ? ` via proxy ${plan.proxy.host}:${plan.proxy.port} (${plan.route}${plan.proxy.auth !== 'none' ? `, proxy auth ${plan.proxy.auth}` : ''})` : ' (direct)';
    io.stdout.write(`plan: ${request.endpoint.href}${via}; auth ${plan.auth}; protection ${plan.protection}; certificate verification ${plan.certificateVerification ? 'on' : 'OFF'}\n`);
    for (const note of plan.notes) io.stdout.write(`note: ${note}\n`);
    for (const warning of plan.warnings) io.stdout.write(`warning: ${warning}\n`);
  } else {
    io.stdout.write(`refused ${plan.code}: ${plan.reason}\nfix: ${plan.fix}\n`);
  }
}

async function runVerb(verb: 'exec' | 'batch' | 'shell', command: readonly string[], json: boolean, shell: RemoteShell, shellOpenMs: number, io: CliIo): Promise<Outcome> {
  const outcome: Outcome = { exitCode: 0, commands: 0, stdout: { bytes: 0 }, stderr: { bytes: 0 }, shellOpenMs };
  // With --json our stdout carries the result alone; the remote output then goes to stderr.
  const out = json ? io.stderr : io.stdout;
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
  // One Ctrl-C is one ctrl_c Signal, a second within a second one terminate (see CommandInterrupts);
  // SIGTERM stops waiting here, and runVerb then deletes the shell, which ends the command. In place
  // before the command starts: a signal during the Command request applies as soon as it exists.
  const interrupts = new CommandInterrupts();
  const removeInterrupt = io.onInterrupt((signal) => interrupts.deliver(signal));
  try {
    const command = await shell.run(program, args, { deferReceive: feed });
    interrupts.attach(command);
    // A batch sends no input at all: an End would be one more request per command, racing the
    // Receive and so needing a second connection.
    const feeding = feed ? feedStdin(io.stdin, command) : Promise.resolve();
    const copying = Promise.all([forward(command.stdout, out, outcome.stdout), forward(command.stderr, io.stderr, outcome.stderr)]);
    // After a SIGTERM nobody awaits these; their late failures (the shell is being deleted) are moot.
    feeding.catch(() => undefined);
    copying.catch(() => undefined);
    const finished = command.exitCode.then(
      async (exitCode) => {
        await copying;
        await settleInput(feeding, command);
        return exitCode;
      },
      async (error: unknown) => {
        // A terminated command may be gone on the server before it reported an exit code.
        if (!interrupts.terminated) throw error;
        await copying;
        io.stderr.write('winrm-desk: the remote command was terminated.\n');
        return SIGINT_EXIT;
      },
    );
    return await Promise.race([finished, interrupts.stopped]);
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
