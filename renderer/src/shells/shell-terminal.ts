import { FitAddon } from '@xterm/addon-fit';
import { SearchAddon, type ISearchResultChangeEvent } from '@xterm/addon-search';
import { WebLinksAddon } from '@xterm/addon-web-links';
import { Terminal } from '@xterm/xterm';
import '@xterm/xterm/css/xterm.css';
import { shellShortcut } from './shortcuts.ts';
import { currentColorScheme, onColorSchemeChange, SEARCH_DECORATIONS, TERMINAL_THEMES } from './terminal-theme.ts';
import { unicode11 } from './unicode-width.ts';
import { cspSafeDocument, openCspSafe } from './xterm-document.ts';

export const SCROLLBACK_LINES = 10_000;
/** How long output must pause before the cursor blinks again. */
export const CURSOR_REST_MS = 500;

export interface ShellTerminalEvents {
  /** What xterm produced for keys and pastes (its onData text). */
  onData(data: string): void;
  onResize(columns: number, rows: number): void;
  onSearchResults(results: ISearchResultChangeEvent): void;
}

/**
 * One tab's xterm: created with the tab, opened once in its own element, which the tab's panel
 * hosts. The element (and with it the scrollback) outlives the panel being hidden or re-rendered.
 */
export class ShellTerminal {
  readonly element: HTMLDivElement;
  readonly #terminal: Terminal;
  readonly #fit = new FitAddon();
  readonly #search = new SearchAddon({ highlightLimit: 1000 });
  readonly #resizeObserver: ResizeObserver;
  readonly #stopFollowingScheme: () => void;
  #opened = false;
  #fitFrame = 0;
  #blinkTimer: ReturnType<typeof setTimeout> | undefined;

  constructor(events: ShellTerminalEvents) {
    this.element = document.createElement('div');
    this.element.className = 'terminal-surface';
    const scheme = currentColorScheme();
    this.#terminal = new Terminal({
      allowProposedApi: true,
      convertEol: true,
      scrollback: SCROLLBACK_LINES,
      cursorBlink: true,
      fontFamily: '"Cascadia Mono", Consolas, "DejaVu Sans Mono", "Liberation Mono", monospace',
      fontSize: 14,
      theme: TERMINAL_THEMES[scheme],
      // Remote programs could switch bracketed paste on; the line editor wants the pasted text itself.
      ignoreBracketedPasteMode: true,
      documentOverride: cspSafeDocument(document),
    });
    this.#terminal.unicode.register(unicode11);
    this.#terminal.unicode.activeVersion = unicode11.version;
    this.#terminal.loadAddon(this.#fit);
    this.#terminal.loadAddon(this.#search);
    this.#terminal.loadAddon(
      new WebLinksAddon((event, uri) => this.#openLink(event, uri), {
        hover: () => (this.element.title = 'Ctrl+click to open the link'),
        leave: () => this.element.removeAttribute('title'),
      }),
    );
    this.#terminal.onData((data) => events.onData(data));
    this.#terminal.onResize(({ cols, rows }) => events.onResize(cols, rows));
    this.#search.onDidChangeResults((results) => events.onSearchResults(results));
    this.#terminal.attachCustomKeyEventHandler((event) => this.#keyEvent(event));
    this.#resizeObserver = new ResizeObserver(() => this.#scheduleFit());
    this.#stopFollowingScheme = onColorSchemeChange((next) => (this.#terminal.options.theme = TERMINAL_THEMES[next]));
  }

  get columns(): number {
    return this.#terminal.cols;
  }

  get rows(): number {
    return this.#terminal.rows;
  }

  /** The cursor's column once everything written so far has been parsed (read it in a write callback). */
  get cursorColumn(): number {
    return this.#terminal.buffer.active.cursorX;
  }

  /** Puts the terminal's element into `container`; the terminal opens the first time. */
  mount(container: HTMLElement): void {
    container.appendChild(this.element);
    if (!this.#opened) {
      openCspSafe(document, () => this.#terminal.open(this.element));
      this.#opened = true;
    }
    this.#resizeObserver.observe(container);
    this.#scheduleFit();
  }

  unmount(): void {
    this.#resizeObserver.disconnect();
    this.element.remove();
  }

  write(data: string | Uint8Array, written?: () => void): void {
    if (data.length === 0 && !written) return;
    this.#terminal.write(data, written);
  }

  focus(): void {
    this.#terminal.focus();
  }

  /**
   * Output is arriving: the cursor stops blinking until output has paused for CURSOR_REST_MS. Its
   * blink is a CSS animation that xterm starts again with every redraw, and a running animation
   * keeps the page drawing frames in the gaps between the writes of a stream (half as
   * much CPU again on the page's main thread while `seq` streams in).
   */
  holdCursorBlink(): void {
    if (this.#terminal.options.cursorBlink) this.#terminal.options.cursorBlink = false;
    clearTimeout(this.#blinkTimer);
    this.#blinkTimer = setTimeout(() => (this.#terminal.options.cursorBlink = true), CURSOR_REST_MS);
  }

  find(term: string, direction: 'next' | 'previous', incremental = false): void {
    const options = { decorations: SEARCH_DECORATIONS[currentColorScheme()], incremental };
    if (direction === 'next') this.#search.findNext(term, options);
    else this.#search.findPrevious(term, options);
  }

  clearFind(): void {
    this.#search.clearDecorations();
    this.#terminal.clearSelection();
  }

  dispose(): void {
    cancelAnimationFrame(this.#fitFrame);
    clearTimeout(this.#blinkTimer);
    this.#resizeObserver.disconnect();
    this.#stopFollowingScheme();
    this.#terminal.dispose();
    this.element.remove();
  }

  #scheduleFit(): void {
    cancelAnimationFrame(this.#fitFrame);
    this.#fitFrame = requestAnimationFrame(() => {
      // A hidden tab has no size; it fits when it is shown again (the observer fires then).
      if (this.#opened && this.element.clientWidth > 0 && this.element.clientHeight > 0) this.#fit.fit();
    });
  }

  /**
   * Keys xterm should not turn into terminal input: the area's shortcuts (handled by its window
   * listener) and copy/paste, which the browser performs as native clipboard events. Electron refuses
   * every clipboard permission, so the async clipboard API is not an option; xterm fills the copy
   * event with its selection and reads the paste event into onData.
   */
  #keyEvent(event: KeyboardEvent): boolean {
    const shortcut = shellShortcut(event);
    const plainCtrl = event.ctrlKey && !event.shiftKey && !event.altKey && !event.metaKey;
    const letter = event.key.toLowerCase();
    if (shortcut === 'copy' || (plainCtrl && letter === 'c' && this.#terminal.hasSelection())) {
      if (event.type === 'keydown') {
        event.preventDefault();
        this.#copySelection();
      }
      return false;
    }
    // Ctrl+V and Ctrl+Shift+V: the browser's own paste (and paste-as-plain-text) fire the paste event.
    if (shortcut === 'paste' || (plainCtrl && letter === 'v')) return false;
    return shortcut === null;
  }

  #copySelection(): void {
    if (!this.#terminal.hasSelection()) return;
    // xterm's own copy listener puts the selection on the clipboard; then Ctrl+C interrupts again.
    document.execCommand('copy');
    this.#terminal.clearSelection();
  }

  #openLink(event: MouseEvent, uri: string): void {
    if (!(event.ctrlKey || event.metaKey)) return;
    // Main's window-open handler hands http(s) links to the system browser and opens no window.
    window.open(uri, '_blank', 'noopener,noreferrer');
  }
}
