import type { SignalName } from '../sessions/remote-command.ts';
import { listenForTermination, type TerminationSignal } from '../termination-signals.ts';

/** A second Ctrl-C within this long after a ctrl_c terminates the command instead. */
export const TERMINATE_WITHIN_MS = 1000;
/** After a terminate, how long the command has to end before we stop waiting for it anyway. */
export const TERMINATE_GRACE_MS = 2000;
/** What a shell reports for a process ended by SIGTERM (128 + 15). */
export const SIGTERM_EXIT = 143;
/** What a shell reports for a process ended by SIGINT (128 + 2). */
export const SIGINT_EXIT = 130;

export type InterruptSignal = TerminationSignal;

/** Why `stopped` settled: a SIGTERM, or a terminate the command did not obey within TERMINATE_GRACE_MS. */
export type StopReason = 'sigterm' | 'terminate-unanswered';

interface Signalable {
  signal(name: SignalName): Promise<void>;
}

/**
 * What our SIGINT and SIGTERM mean for one remote command, decided as each arrives:
 * - SIGINT is one `ctrl_c` Signal; the remote command decides what it means, as at a console.
 * - A second SIGINT within TERMINATE_WITHIN_MS of a ctrl_c is one `terminate`; after it the next
 *   SIGINT is a ctrl_c again.
 * - SIGTERM sends nothing: `stopped` settles with SIGTERM_EXIT and the caller stops waiting and
 *   deletes the shell, which ends the command on the server.
 * - A terminate the command has not obeyed within TERMINATE_GRACE_MS (a server that ignores it, or
 *   never answers the Signal) settles `stopped` with SIGINT_EXIT in the same way:
 *   two Ctrl-Cs always end the command line, whatever the server does.
 * Signals are sent one after the other, in order; those that arrive while the command is being
 * started go out as soon as it exists (`attach`).
 */
export class CommandInterrupts {
  readonly stopped: Promise<number>;
  readonly #now: () => number;
  readonly #terminateGraceMs: number;
  #stop!: (exitCode: number) => void;
  #stopReason: StopReason | null = null;
  #graceTimer: NodeJS.Timeout | undefined;
  #command: Signalable | null = null;
  #queued: SignalName[] = [];
  #sending: Promise<void> = Promise.resolve();
  #lastCtrlC: number | null = null;
  #terminated = false;

  constructor(now: () => number = () => performance.now(), terminateGraceMs = TERMINATE_GRACE_MS) {
    this.#now = now;
    this.#terminateGraceMs = terminateGraceMs;
    this.stopped = new Promise((resolve) => (this.#stop = resolve));
  }

  /** Why `stopped` settled, once it has. */
  get stopReason(): StopReason | null {
    return this.#stopReason;
  }

  /** True once a terminate was asked for: the command may then be gone without an exit code. */
  get terminated(): boolean {
    return this.#terminated;
  }

  deliver(signal: InterruptSignal): void {
    if (signal === 'SIGTERM') {
      this.#stopWith('sigterm', SIGTERM_EXIT);
      return;
    }
    const now = this.#now();
    if (this.#lastCtrlC !== null && now - this.#lastCtrlC < TERMINATE_WITHIN_MS) {
      this.#lastCtrlC = null;
      this.#terminated = true;
      this.#send('terminate');
      // Counted from the keypress, not from the Signal's answer, which may never come.
      this.#graceTimer ??= setTimeout(() => this.#stopWith('terminate-unanswered', SIGINT_EXIT), this.#terminateGraceMs);
    } else {
      this.#lastCtrlC = now;
      this.#send('ctrl_c');
    }
  }

  /** Stops the terminate grace timer; call once the command is over or no longer waited for. */
  dispose(): void {
    clearTimeout(this.#graceTimer);
  }

  attach(command: Signalable): void {
    this.#command = command;
    for (const name of this.#queued.splice(0)) this.#send(name);
  }

  #stopWith(reason: StopReason, exitCode: number): void {
    this.#stopReason ??= reason;
    this.#stop(exitCode);
  }

  #send(name: SignalName): void {
    const command = this.#command;
    if (!command) {
      this.#queued.push(name);
      return;
    }
    // A Signal that fails (the command just ended, the shell is gone) changes nothing for the user.
    this.#sending = this.#sending.then(() => command.signal(name)).catch(() => undefined);
  }
}

/**
 * Ctrl-C (SIGINT) and SIGTERM go to `handler` while it is registered (the handler decides how the
 * process ends); after the returned function removed it, Node's default action applies again. The
 * command line never keeps when-exit's listeners (store-commands.ts takes them away as conf loads),
 * so each signal reaches the handler exactly once.
 */
export function onInterruptSignals(handler: (signal: InterruptSignal) => void): () => void {
  return listenForTermination(handler);
}
