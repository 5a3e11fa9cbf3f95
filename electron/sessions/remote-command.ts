import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { DeskError } from '../../shared/errors.ts';
import { WsmanFaultError } from '../winrm/fault.ts';
import { ACTION, SIGNAL } from '../winrm/namespaces.ts';
import { readReceive, receiveBody, sendBody, signalBody } from '../winrm/shell-messages.ts';
import type { Session } from './session.ts';

export type SignalName = 'ctrl_c' | 'terminate';

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
    try {
      for (;;) {
        let result;
        try {
          const body = await this.#session.invoke(
            { action: ACTION.receive, selectors: this.#selectors, options: { WSMAN_CMDSHELL_OPTION_KEEPALIVE: 'TRUE' }, body: receiveBody(this.id) },
            true,
          );
          result = readReceive(body, this.id);
        } catch (error) {
          // No output within OperationTimeout is not an error: the command is still running.
          if (error instanceof WsmanFaultError && error.isOperationTimeout) continue;
          throw error;
        }
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
}
