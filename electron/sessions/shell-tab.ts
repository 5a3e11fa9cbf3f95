import { DeskError, type ErrorCode, type ErrorInfo } from '../../shared/errors.ts';
import { printableLine } from '../../shared/printable-line.ts';
import { pageFrameSchema, type TabStatus } from '../../shared/ipc/session-frames.ts';
import type { OpenedShell } from '../connections/open-session.ts';
import type { RemoteCommand, SignalName } from './remote-command.ts';
import { TabOutput } from './tab-output.ts';
import type { TabPort } from './tab-port.ts';

// A message may quote the server (a fault's text); the page shows it in the DOM and in the terminal.
function infoOf(error: unknown): ErrorInfo {
  return error instanceof DeskError ? { code: error.code, message: printableLine(error.message) } : { code: 'INTERNAL', message: 'The shell failed unexpectedly.' };
}

export interface TabDisposal {
  readonly shellDeleted: boolean;
  /** Why the shell could not be deleted (TIMEOUT when the server did not answer by the deadline). */
  readonly errorCode?: ErrorCode;
}

/**
 * One shell tab in main: the remote console (`cmd`) on an open session, its output streamed to the
 * page with acknowledgement-based flow control (TabOutput: while the page has not acknowledged
 * enough, the command's receive loop stops issuing Receives, so WinRM's pull model carries the
 * back-pressure to the server), its input sent in order.
 */
export class ShellTab {
  readonly opened: OpenedShell;
  #port: TabPort;
  #command: RemoteCommand | null = null;
  #output: TabOutput | null = null;
  #status: TabStatus = 'connected';
  #input: Promise<void> = Promise.resolve();
  #stopFacts: () => unknown = () => undefined;

  constructor(opened: OpenedShell, port: TabPort) {
    this.opened = opened;
    this.#port = port;
  }

  get status(): TabStatus {
    return this.#status;
  }

  /** Starts the remote console and wires it to the port. */
  async start(): Promise<void> {
    const command = await this.opened.shell.run('cmd');
    this.#command = command;
    this.#attach(this.#port);
    // A second lane for input, a reconnect: the tab's badge shows the connections in use now.
    this.#stopFacts = this.opened.session.onConnectionEvent(() => {
      if (this.#status === 'connected') this.#port.post({ t: 'facts', facts: this.opened.facts() });
    });
    const output = new TabOutput({ stdout: command.stdout, stderr: command.stderr }, (frame) => this.#port.post(frame));
    this.#output = output;
    // The status comes after the last output: the page stops listening once the shell is gone.
    command.exitCode.then(
      (exitCode) => output.drained.then(() => this.#setStatus('ended', { exitCode })),
      (error: unknown) => output.drained.then(() => this.#setStatus('lost', { error: infoOf(error) })),
    );
  }

  async signal(name: SignalName): Promise<void> {
    if (!this.#command || this.#status !== 'connected') throw new DeskError('SESSION_CLOSED', 'The shell of this tab is no longer running; reconnect first.');
    await this.#command.signal(name);
  }

  /**
   * Deletes the remote shell and closes the session and the port. Ends in bounded time: a Delete not
   * answered within `deleteDeadlineMs` is given up (and said so in the result).
   */
  async dispose(status: TabStatus = 'closed', deleteDeadlineMs?: number): Promise<TabDisposal> {
    if (this.#status === 'connected') this.#setStatus(status, {});
    this.#output?.dispose();
    this.#stopFacts();
    const result = await this.opened.dispose(deleteDeadlineMs === undefined ? {} : { deadlineMs: deleteDeadlineMs });
    this.#port.close();
    return { shellDeleted: result.shellDeleted, ...(result.error ? { errorCode: result.error.code } : {}) };
  }

  #attach(port: TabPort): void {
    port.onFrame((raw) => {
      const parsed = pageFrameSchema.safeParse(raw);
      // A page that sends what the contract does not allow gets nothing done for it.
      if (!parsed.success) return;
      const frame = parsed.data;
      if (frame.t === 'ack') this.#output?.acknowledge(frame.bytes);
      else this.#send(frame.data);
    });
  }

  #send(text: string): void {
    const command = this.#command;
    if (!command || this.#status !== 'connected') return;
    const bytes = Buffer.from(text, 'utf8');
    // Lines go out one after another, in the order typed.
    this.#input = this.#input.then(() => command.write(bytes)).catch((error: unknown) => {
      if (this.#status === 'connected') this.#setStatus('lost', { error: infoOf(error) });
    });
  }

  #setStatus(status: TabStatus, extra: { error?: ErrorInfo; exitCode?: number }): void {
    if (this.#status !== 'connected') return;
    this.#status = status;
    this.#output?.flush();
    this.#port.post({ t: 'status', status, ...extra });
  }
}
