import { StringDecoder } from 'node:string_decoder';
import type { Readable } from 'node:stream';
import { DeskError, type ErrorCode, type ErrorInfo } from '../../shared/errors.ts';
import { printableLine } from '../../shared/printable-line.ts';
import { FLOW_CONTROL, pageFrameSchema, type TabStatus } from '../../shared/ipc/session-frames.ts';
import type { OpenedShell } from '../connections/open-session.ts';
import type { RemoteCommand, SignalName } from './remote-command.ts';
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
 * page with acknowledgement-based flow control, its input sent in order. While the page holds more
 * than HIGH_WATER_CHARS unacknowledged characters the output streams are paused, so the command's
 * receive loop stops issuing Receives: WinRM's pull model carries the back-pressure to the server.
 */
export class ShellTab {
  readonly opened: OpenedShell;
  #port: TabPort;
  #command: RemoteCommand | null = null;
  #status: TabStatus = 'connected';
  #unacknowledged = 0;
  #paused = false;
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
    this.#pump(command.stdout, 'stdout');
    this.#pump(command.stderr, 'stderr');
    command.exitCode.then(
      (exitCode) => this.#setStatus('ended', { exitCode }),
      (error: unknown) => this.#setStatus('lost', { error: infoOf(error) }),
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
      if (frame.t === 'ack') this.#acknowledge(frame.chars);
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

  #acknowledge(chars: number): void {
    this.#unacknowledged = Math.max(0, this.#unacknowledged - chars);
    if (this.#paused && this.#unacknowledged < FLOW_CONTROL.LOW_WATER_CHARS) {
      this.#paused = false;
      this.#command?.stdout.resume();
      this.#command?.stderr.resume();
    }
  }

  #pump(stream: Readable, name: 'stdout' | 'stderr'): void {
    // Code page 65001 (UTF-8), which every shell this app opens asks for; a character split across
    // two Receives is held until its last byte arrives.
    const decoder = new StringDecoder('utf8');
    stream.on('data', (chunk: Buffer) => {
      const data = decoder.write(chunk);
      if (data === '') return;
      this.#port.post({ t: 'output', stream: name, data });
      this.#unacknowledged += data.length;
      if (!this.#paused && this.#unacknowledged > FLOW_CONTROL.HIGH_WATER_CHARS) {
        this.#paused = true;
        this.#command?.stdout.pause();
        this.#command?.stderr.pause();
      }
    });
    stream.on('end', () => {
      const rest = decoder.end();
      if (rest) this.#port.post({ t: 'output', stream: name, data: rest });
    });
  }

  #setStatus(status: TabStatus, extra: { error?: ErrorInfo; exitCode?: number }): void {
    if (this.#status !== 'connected') return;
    this.#status = status;
    this.#port.post({ t: 'status', status, ...extra });
  }
}
