import type { Readable, Writable } from 'node:stream';
import { DeskError } from '../../shared/errors.ts';
import { printableLine } from '../../shared/printable-line.ts';
import type { RemoteCommand } from '../sessions/remote-command.ts';
import type { RemoteShell } from '../sessions/remote-shell.ts';
import type { ConnectionRequest } from '../connections/request.ts';
import { openCliShell, plansFor, requestFromFlags, type CliShell } from './connect.ts';
import { parseCommandLine, type ParsedCommandLine } from './options.ts';
import { profilesCli, vaultCli } from './store-commands.ts';
import { printNotice, reportFailure } from './flags.ts';
import { exitStatusFor } from './exit-status.ts';
import { CommandInterrupts, SIGINT_EXIT, TERMINATE_GRACE_MS } from './interrupts.ts';
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

export { LOCAL_FAILURE_EXIT } from './exit-status.ts';

/** After we stopped waiting for a command (SIGTERM, an unanswered terminate), how long deleting its shell may take. */
const STOPPED_DELETE_DEADLINE_MS = 3000;

interface Outcome {
  /** The remote exit code as reported (the last non-zero one in a batch), or ours for an interrupted run. */
  exitCode: number;
  /** The exit code is ours (130, 143: an interrupt), not the remote command's. */
  interrupted: boolean;
  /** We stopped waiting for a command: nothing more is run, and the shell's deletion gets a short deadline. */
  stopped: boolean;
  commands: number;
  stdout: Counted;
  stderr: Counted;
  shellOpenMs: number;
}

/** The whole CLI: parse, connect, run, report. Returns the process exit code; never throws. */
export async function runCli(argv: readonly string[], io: CliIo): Promise<number> {
  try {
    if (argv[0] === 'profiles') return await (await profilesCli()).runProfilesCli(argv.slice(1), io);
    if (argv[0] === 'vault') return await (await vaultCli()).runVaultCli(argv.slice(1), io);
    const parsed = parseCommandLine(argv);
    if (parsed.profile) {
      const { ref, flags } = parsed.profile;
      const { withProfileRequest } = await profilesCli();
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
    reached = await openCliShell(request, io.env, (message) => printNotice(io.stderr, 'warning', message));
    const { session, shell } = reached.opened;
    const outcome = await runVerb(parsed.verb, parsed.command, json, shell, performance.now() - t0, io);
    const { status, note } = outcome.interrupted ? { status: outcome.exitCode, note: undefined } : exitStatusFor(outcome.exitCode);
    if (note) printNotice(io.stderr, 'note', note);
    if (json) {
      const stats = session.stats();
      const facts = reached.opened.facts();
      const result = {
        exitCode: outcome.exitCode,
        processExitCode: status,
        commands: outcome.commands,
        stdoutBytes: outcome.stdout.bytes,
        stderrBytes: outcome.stderr.bytes,
        timings: { shellOpenMs: Math.round(outcome.shellOpenMs), totalMs: Math.round(performance.now() - started) },
        connections: { opened: stats.connectionsOpened, lanes: stats.lanes },
        handshakes: stats.handshakes,
        requests: stats.requests,
        certificateVerification: request.tls.mode !== 'insecure',
        route: facts.route,
        mechanism: facts.mechanism,
        protection: facts.protection,
        maxRssKiB: process.resourceUsage().maxRSS,
      };
      io.stdout.write(`${JSON.stringify(result)}\n`);
    }
    return status;
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

// Host and proxy names may come from a saved profile or an imported file: every line is made inert.
function printOnePlan(request: ConnectionRequest, plan: ReturnType<typeof plansFor>[number], io: CliIo): void {
  const line = (text: string) => io.stdout.write(`${printableLine(text)}\n`);
  if (plan.ok) {
    const via = plan.proxy ? ` via proxy ${plan.proxy.host}:${plan.proxy.port} (${plan.route}${plan.proxy.auth !== 'none' ? `, proxy auth ${plan.proxy.auth}` : ''})` : ' (direct)';
    line(`plan: ${request.endpoint.href}${via}; auth ${plan.auth}; protection ${plan.protection}; certificate verification ${plan.certificateVerification ? 'on' : 'OFF'}`);
    for (const note of plan.notes) line(`note: ${note}`);
    for (const warning of plan.warnings) line(`warning: ${warning}`);
  } else {
    line(`refused ${plan.code}: ${plan.reason}`);
    line(`fix: ${plan.fix}`);
  }
}

async function runVerb(verb: 'exec' | 'batch' | 'shell', command: readonly string[], json: boolean, shell: RemoteShell, shellOpenMs: number, io: CliIo): Promise<Outcome> {
  const outcome: Outcome = { exitCode: 0, interrupted: false, stopped: false, commands: 0, stdout: { bytes: 0 }, stderr: { bytes: 0 }, shellOpenMs };
  // With --json our stdout carries the result alone; the remote output then goes to stderr.
  const out = json ? io.stderr : io.stdout;
  try {
    if (verb === 'batch') {
      // Only a batch reads lines: the other verbs start without node:readline.
      const { createInterface } = await import('node:readline');
      const lines = createInterface({ input: io.stdin, crlfDelay: Infinity });
      for await (const line of lines) {
        if (line.trim() === '') continue;
        const ran = await runOne(shell, line, [], io, out, outcome, false);
        outcome.commands++;
        if (ran.code !== 0) Object.assign(outcome, { exitCode: ran.code, interrupted: ran.ours });
        // Stopped by the user: the rest of the batch is not run.
        if (outcome.stopped) break;
      }
    } else {
      const [program, ...args] = verb === 'shell' ? ['cmd'] : command;
      // exec forwards piped input; with a terminal on stdin there is none to forward (that is `shell`).
      const feed = verb === 'shell' || !io.stdin.isTTY;
      const ran = await runOne(shell, program!, args, io, out, outcome, feed);
      Object.assign(outcome, { exitCode: ran.code, interrupted: ran.ours, commands: 1 });
    }
  } finally {
    await shell.close(outcome.stopped ? { deadlineMs: STOPPED_DELETE_DEADLINE_MS } : {}).catch((error: unknown) => {
      const code = error instanceof DeskError ? error.code : 'INTERNAL';
      printNotice(io.stderr, 'warning', `the remote shell could not be deleted (${code}); it ends when its idle timeout passes.`);
    });
  }
  return outcome;
}

/** The command's exit code, or ours (`ours`) when it was interrupted without reporting one. */
interface Ran {
  readonly code: number;
  readonly ours: boolean;
}

async function runOne(shell: RemoteShell, program: string, args: readonly string[], io: CliIo, out: Writable, outcome: Outcome, feed: boolean): Promise<Ran> {
  // One Ctrl-C is one ctrl_c Signal, a second within a second one terminate (see CommandInterrupts);
  // SIGTERM, or a terminate the command ignores, stops waiting here, and runVerb then deletes the
  // shell, which ends the command. In place before the command starts: a signal during the Command
  // request applies as soon as it exists.
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
      async (exitCode): Promise<Ran> => {
        await copying;
        await settleInput(feeding, command);
        return { code: exitCode, ours: false };
      },
      async (error: unknown): Promise<Ran> => {
        // A terminated command may be gone on the server before it reported an exit code.
        if (!interrupts.terminated) throw error;
        await copying;
        // After we stopped waiting, the end of the receive loop (its shell deleted) says nothing new.
        if (!outcome.stopped) io.stderr.write('winrm-desk: the remote command was terminated.\n');
        return { code: SIGINT_EXIT, ours: true };
      },
    );
    const stopped = interrupts.stopped.then((code): Ran => {
      outcome.stopped = true;
      if (interrupts.stopReason === 'terminate-unanswered') printNotice(io.stderr, 'note', `the remote command did not end within ${TERMINATE_GRACE_MS / 1000} s of terminate; its shell is deleted instead.`);
      return { code, ours: true };
    });
    return await Promise.race([finished, stopped]);
  } finally {
    interrupts.dispose();
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
