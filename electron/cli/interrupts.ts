import type { SignalName } from '../sessions/remote-command.ts';

/** A second Ctrl-C within this long after a ctrl_c terminates the command instead. */
export const TERMINATE_WITHIN_MS = 1000;
/** What a shell reports for a process ended by SIGTERM (128 + 15). */
export const SIGTERM_EXIT = 143;
/** What a shell reports for a process ended by SIGINT (128 + 2). */
export const SIGINT_EXIT = 130;

export type InterruptSignal = 'SIGINT' | 'SIGTERM';

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
 * Signals are sent one after the other, in order; those that arrive while the command is being
 * started go out as soon as it exists (`attach`).
 */
export class CommandInterrupts {
  readonly stopped: Promise<number>;
  readonly #now: () => number;
  #stop!: (exitCode: number) => void;
  #command: Signalable | null = null;
  #queued: SignalName[] = [];
  #sending: Promise<void> = Promise.resolve();
  #lastCtrlC: number | null = null;
  #terminated = false;

  constructor(now: () => number = () => performance.now()) {
    this.#now = now;
    this.stopped = new Promise((resolve) => (this.#stop = resolve));
  }

  /** True once a terminate was asked for: the command may then be gone without an exit code. */
  get terminated(): boolean {
    return this.#terminated;
  }

  deliver(signal: InterruptSignal): void {
    if (signal === 'SIGTERM') {
      this.#stop(SIGTERM_EXIT);
      return;
    }
    const now = this.#now();
    if (this.#lastCtrlC !== null && now - this.#lastCtrlC < TERMINATE_WITHIN_MS) {
      this.#lastCtrlC = null;
      this.#terminated = true;
      this.#send('terminate');
    } else {
      this.#lastCtrlC = now;
      this.#send('ctrl_c');
    }
  }

  attach(command: Signalable): void {
    this.#command = command;
    for (const name of this.#queued.splice(0)) this.#send(name);
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
