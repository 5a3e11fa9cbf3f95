import type { ISearchResultChangeEvent } from '@xterm/addon-search';
import type { ConnectionFacts } from '../../../shared/domain/connection-facts.ts';
import type { ErrorInfo } from '../../../shared/errors.ts';
import { contract } from '../../../shared/ipc/contract.ts';
import { printableLine } from '../../../shared/printable-line.ts';
import type { TabStatus } from '../../../shared/ipc/session-frames.ts';
import { deskApi } from '../api.ts';
import { decodeTerminalInput } from './input-keys.ts';
import { createLineEditor, drawLine, editLine, eraseLine, type EditorKey, type LineEditorState, type SubmittedLine } from './line-editor.ts';
import type { LineView } from './line-layout.ts';
import { OutputQueue } from './output-queue.ts';
import { SessionLink } from './session-link.ts';
import type { FramePort } from './session-ports.ts';
import { ShellTerminal } from './shell-terminal.ts';
import { cellWidth } from './unicode-width.ts';

/** Longest line the history keeps: the contract's own limit for `shellHistory.add`. */
const HISTORY_LINE_MAX = contract.shellHistory.add.request.shape.line.maxLength ?? Number.POSITIVE_INFINITY;
/** A second Ctrl-C this soon after the first offers to terminate the program. */
export const REPEATED_INTERRUPT_MS = 1000;
const RESIZE_SETTLE_MS = 250;
const SHOW_CURSOR = '\x1b[?25h';
const HIDE_CURSOR = '\x1b[?25l';

export interface TabControllerEvents {
  onStatus(status: TabStatus, error: ErrorInfo | null, exitCode: number | null): void;
  onFacts(facts: ConnectionFacts): void;
  /** A call for this tab failed (signal, history, resize): shown in the tab, the shell goes on. */
  onNotice(error: ErrorInfo): void;
  onTerminateOffer(): void;
  onSearchResults(results: ISearchResultChangeEvent): void;
}

export interface ShellSession {
  readonly tabId: string;
  readonly hostId: string;
}

/**
 * One shell tab's live parts, outside React and zustand: the terminal, the line editor and the link
 * to the session. Output goes from the link to the terminal through an OutputQueue (large writes,
 * bytes as they came). Remote output and the local echo share the terminal, so while output is
 * being written the edited line is taken off the screen and drawn again after it (at the column the
 * output left the cursor in); keys typed meanwhile wait for that redraw.
 */
export class ShellTabController {
  readonly terminal: ShellTerminal;
  readonly #events: TabControllerEvents;
  #session: ShellSession | null = null;
  #link: SessionLink | null = null;
  #editor: LineEditorState = createLineEditor();
  readonly #output: OutputQueue;
  #lineOffScreen = false;
  #waitingKeys: EditorKey[] = [];
  #lastInterruptAt = Number.NEGATIVE_INFINITY;
  #resizeTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(events: TabControllerEvents) {
    this.#events = events;
    this.terminal = new ShellTerminal({
      onData: (data) => this.#input(data),
      onResize: (columns, rows) => this.#resized(columns, rows),
      onSearchResults: (results) => events.onSearchResults(results),
    });
    this.#output = new OutputQueue(
      (data, done) => this.terminal.write(data, done),
      () => this.#outputSettled(),
    );
    this.terminal.write(HIDE_CURSOR);
  }

  /** Starts using a session's port: a new tab's first shell, or the new shell after a reconnect. */
  attach(session: ShellSession, port: FramePort, history: readonly string[] | null): void {
    this.#link?.close();
    this.#session = session;
    this.#editor = createLineEditor(history ?? this.#editor.history, 0);
    this.#waitingKeys = [];
    this.terminal.write(SHOW_CURSOR);
    const link: SessionLink = new SessionLink(port, {
      onOutput: (data) => this.#received(data, link),
      onStatus: (frame) => {
        if (frame.status !== 'connected') this.#detach();
        this.#events.onStatus(frame.status, frame.error ?? null, frame.exitCode ?? null);
      },
      onFacts: (facts) => this.#events.onFacts(facts),
      onMalformedFrame: () => this.#events.onNotice({ code: 'INTERNAL', message: 'The session sent a message this window does not understand; it was ignored.' }),
    });
    this.#link = link;
    this.#resized(this.terminal.columns, this.terminal.rows);
  }

  /** After a reconnect (and its attach): a line in the scrollback, so no one mistakes the new shell for the old. */
  announceNewShell(hostName: string): void {
    this.terminal.write(
      `\r\n\x1b[1;33mA new shell was started on ${printableLine(hostName)}; the previous shell's state (working directory, variables, running programs) is gone.\x1b[0m\r\n`,
    );
  }

  terminate(): void {
    this.#signal('terminate');
  }

  dispose(): void {
    clearTimeout(this.#resizeTimer);
    this.#output.clear();
    this.#link?.close();
    this.#link = null;
    this.terminal.dispose();
  }

  /** No live shell: input is dropped, and a hidden cursor says so. */
  #detach(): void {
    if (this.#link) this.terminal.write(HIDE_CURSOR);
    this.#link?.close();
    this.#link = null;
  }

  #view(): LineView {
    return { columns: this.terminal.columns, width: cellWidth };
  }

  #received(data: Uint8Array, link: SessionLink): void {
    if (data.length === 0) return;
    this.terminal.holdCursorBlink();
    if (!this.#lineOffScreen) {
      this.terminal.write(eraseLine(this.#editor, this.#view()));
      this.#lineOffScreen = true;
    }
    this.#output.push(data, link);
  }

  /** Everything written so far is parsed: the line starts where the output left the cursor. */
  #outputSettled(): void {
    this.#editor = { ...this.#editor, origin: this.terminal.cursorColumn };
    this.#lineOffScreen = false;
    this.terminal.write(drawLine(this.#editor, this.#view()));
    const waiting = this.#waitingKeys;
    this.#waitingKeys = [];
    this.#apply(waiting);
  }

  #input(data: string): void {
    if (!this.#link) return;
    const keys = decodeTerminalInput(data);
    // The interrupt goes out at once, even while output floods in; its echo waits with the other keys.
    if (keys.some((key) => key.type === 'interrupt')) this.#interrupt();
    if (this.#output.busy) this.#waitingKeys.push(...keys);
    else this.#apply(keys);
  }

  #apply(keys: readonly EditorKey[]): void {
    let echo = '';
    for (const key of keys) {
      const result = editLine(this.#editor, key, this.#view());
      this.#editor = result.state;
      echo += result.echo;
      if (result.submitted) this.#submit(result.submitted);
    }
    if (echo !== '') this.terminal.write(echo);
  }

  #submit({ line, record }: SubmittedLine): void {
    const session = this.#session;
    if (!this.#link || !session) return;
    this.#link.sendInput(`${line}\r\n`);
    if (!record || line.length > HISTORY_LINE_MAX) return;
    void deskApi()
      .shellHistory.add({ hostId: session.hostId, line })
      .then((result) => {
        if (!result.ok) this.#events.onNotice(result.error);
      });
  }

  #interrupt(): void {
    const now = Date.now();
    const repeated = now - this.#lastInterruptAt < REPEATED_INTERRUPT_MS;
    this.#lastInterruptAt = repeated ? Number.NEGATIVE_INFINITY : now;
    this.#signal('ctrl_c');
    if (repeated) this.#events.onTerminateOffer();
  }

  #signal(signal: 'ctrl_c' | 'terminate'): void {
    const session = this.#session;
    if (!session) return;
    void deskApi()
      .sessions.signal({ tabId: session.tabId, signal })
      .then((result) => {
        if (!result.ok) this.#events.onNotice(result.error);
      });
  }

  /** WinRS ignores the size, but main hears it (later shell kinds use it); sent once resizing stops. */
  #resized(columns: number, rows: number): void {
    clearTimeout(this.#resizeTimer);
    const session = this.#session;
    if (!session || !this.#link) return;
    this.#resizeTimer = setTimeout(() => {
      void deskApi()
        .sessions.resize({ tabId: session.tabId, columns, rows })
        .then((result) => {
          if (!result.ok) this.#events.onNotice(result.error);
        });
    }, RESIZE_SETTLE_MS);
  }
}
