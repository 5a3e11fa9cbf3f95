import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { setTimeout as delay } from 'node:timers/promises';
import { DeskError } from '../../shared/errors.ts';
import { WsmanFaultError } from '../winrm/fault.ts';
import { ACTION, SIGNAL } from '../winrm/namespaces.ts';
import { readReceive, receiveBody, sendBody, signalBody, type ReceiveResult } from '../winrm/shell-messages.ts';
import type { Session } from './session.ts';

export type SignalName = 'ctrl_c' | 'terminate';

type ReceiveOutcome = { readonly timedOut: true; readonly startedAt: number } | { readonly timedOut: false; readonly startedAt: number; readonly result: ReceiveResult };

/**
 * Pacing of Receives that bring nothing. A WinRM server holds a Receive until
 * there is output or OperationTimeout passes; one that answers at once with nothing, or with the
 * OperationTimeout fault at once, would otherwise get thousands of Receives a second. After the n-th
 * such answer in a row the next Receive starts no sooner than min(firstMs × 2^(n−1), maxMs) after the
 * previous one started: a server that long-polls is never slowed (its Receives take longer than that),
 * and a broken one gets about one Receive a second. Any output resets the pace.
 */
export const EMPTY_RECEIVE_PACING = { firstMs: 50, maxMs: 1000 } as const;

/** How long to wait before the next Receive, after `emptyInARow` empty answers, the last started at `startedAt`. */
export function emptyReceiveDelay(emptyInARow: number, startedAt: number, now: number): number {
  if (emptyInARow <= 0) return 0;
  const interval = Math.min(EMPTY_RECEIVE_PACING.maxMs, EMPTY_RECEIVE_PACING.firstMs * 2 ** Math.min(emptyInARow - 1, 20));
  return Math.max(0, startedAt + interval - now);
}

/**
 * A running WinRS command. Output arrives on `stdout`/`stderr` as the server sends it (the receive
 * loop waits when a consumer falls behind, so memory stays bounded); input goes through `write` and
 * `end`. `exitCode` settles when the server reports the command Done.
 */
export class RemoteCommand {
  readonly id: string;
  readonly stdout = new PassThrough();
  readonly stderr = new PassThrough();
  readonly exitCode: Promise<number>;
  readonly #session: Session;
  readonly #selectors: Record<string, string>;
  #done = false;
  #inputEnded = false;
  #start!: () => void;

  constructor(session: Session, shellId: string, commandId: string) {
    this.#session = session;
    this.#selectors = { ShellId: shellId };
    this.id = commandId;
    this.exitCode = new Promise<void>((resolve) => (this.#start = resolve)).then(() => this.#receiveLoop());
    // Callers that only await exitCode must not see an unhandled rejection from a stream they ignore.
    this.exitCode.catch(() => undefined);
  }

  /**
   * Starts the Receive long-poll. Until then the command's connection is free, so input that is ready
   * at once (or an immediate End) goes out on it instead of needing a second connection.
   */
  startReceiving(): void {
    this.#start();
  }

  get done(): boolean {
    return this.#done;
  }

  /** Sends stdin data; `end` closes the command's stdin after it. */
  async write(data: Uint8Array, end = false): Promise<void> {
    if (this.#inputEnded) throw new DeskError('INVALID_ARGUMENT', 'The command’s input was already ended.');
    if (end) this.#inputEnded = true;
    if (this.#done) return;
    await this.#session.invoke({ action: ACTION.send, selectors: this.#selectors, body: sendBody(this.id, data, end) });
  }

  end(): Promise<void> {
    return this.write(new Uint8Array(0), true);
  }

  /** Ctrl-C or terminate. A signal after the command finished is a no-op. */
  async signal(name: SignalName): Promise<void> {
    if (this.#done) return;
    const code = name === 'ctrl_c' ? SIGNAL.ctrlC : SIGNAL.terminate;
    await this.#session.invoke({ action: ACTION.signal, selectors: this.#selectors, body: signalBody(this.id, code) });
  }

  async #receiveLoop(): Promise<number> {
    let emptyInARow = 0;
    let next = this.#receiveAfter(0);
    try {
      for (;;) {
        const outcome = await next;
        if (outcome.timedOut) {
          emptyInARow++;
          next = this.#receiveAfter(emptyReceiveDelay(emptyInARow, outcome.startedAt, performance.now()));
          continue;
        }
        const result = outcome.result;
        emptyInARow = result.chunks.length === 0 && !result.done ? emptyInARow + 1 : 0;
        // The next Receive goes out before this one's output is handed on: the server prepares the
        // next reply while our consumer drains this one. At most one reply waits in memory beyond
        // the streams' buffers, so a slow consumer still holds the loop back.
        if (!result.done) next = this.#receiveAfter(emptyReceiveDelay(emptyInARow, outcome.startedAt, performance.now()));
        for (const chunk of result.chunks) {
          const target = chunk.stream === 'stdout' ? this.stdout : this.stderr;
          if (!target.write(chunk.data)) await once(target, 'drain');
        }
        if (result.done) {
          this.#done = true;
          this.stdout.end();
          this.stderr.end();
          if (result.exitCode === null) throw new DeskError('MALFORMED_RESPONSE', 'The command finished without an exit code.');
          return result.exitCode;
        }
      }
    } catch (error) {
      this.#done = true;
      this.stdout.end();
      this.stderr.end();
      throw error;
    }
  }

  /** One Receive, `delayMs` from now; no output within OperationTimeout is not an error: the command is still running. */
  #receiveAfter(delayMs: number): Promise<ReceiveOutcome> {
    const outcome = (async (): Promise<ReceiveOutcome> => {
      await this.#pace(delayMs);
      const startedAt = performance.now();
      try {
        const body = await this.#session.invoke(
          { action: ACTION.receive, selectors: this.#selectors, options: { WSMAN_CMDSHELL_OPTION_KEEPALIVE: 'TRUE' }, body: receiveBody(this.id) },
          { longPoll: true },
        );
        return { timedOut: false, startedAt, result: readReceive(body, this.id) };
      } catch (error) {
        if (error instanceof WsmanFaultError && error.isOperationTimeout) return { timedOut: true, startedAt };
        throw error;
      }
    })();
    // Awaited by the loop once the output before it is handed on; a failure meanwhile is not unhandled.
    outcome.catch(() => undefined);
    return outcome;
  }

  // Ends early when the session closes; the next invoke then fails with SESSION_CLOSED.
  async #pace(ms: number): Promise<void> {
    if (ms <= 0) return;
    await delay(ms, undefined, { signal: this.#session.closedSignal }).catch(() => undefined);
  }
}
