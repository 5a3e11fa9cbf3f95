/**
 * Largest write the queue hands the terminal at once. xterm parses a write in one go and lets the
 * page render between writes, so this is also the longest the page is busy parsing without a frame
 * in a flood (~50 ms at what xterm parses in Chromium here); smaller writes render more often, and
 * rendering is what a flood costs most beside the parsing itself.
 */
export const MAX_WRITE_BYTES = 512 * 1024;

/** Where written output is reported (the session link whose frames it came from). */
export interface OutputSink {
  written(bytes: number, caughtUp: boolean): void;
}

/** The terminal's write: `done` is called once `data` has been parsed. */
export type TerminalWrite = (data: Uint8Array, done: () => void) => void;

interface Pending {
  readonly data: Uint8Array;
  readonly sink: OutputSink;
}

function joined(pieces: readonly Pending[], length: number): Uint8Array {
  if (pieces.length === 1) return pieces[0]!.data;
  const out = new Uint8Array(length);
  let offset = 0;
  for (const piece of pieces) {
    out.set(piece.data, offset);
    offset += piece.data.length;
  }
  return out;
}

/**
 * Output frames on their way into the terminal: one write at a time, and every frame that arrived
 * while it was parsed joined into the next write (up to MAX_WRITE_BYTES), so a flood becomes a few
 * large writes instead of one per frame, while a lone line is written at once. Frames of different
 * sinks (a reconnect replaced the link) are never joined: each sink hears of its own bytes only.
 * `settled` is called when the terminal has parsed everything pushed so far.
 */
export class OutputQueue {
  readonly #write: TerminalWrite;
  readonly #settled: () => void;
  readonly #maxWrite: number;
  #pending: Pending[] = [];
  #writing = false;

  constructor(write: TerminalWrite, settled: () => void, maxWrite = MAX_WRITE_BYTES) {
    this.#write = write;
    this.#settled = settled;
    this.#maxWrite = maxWrite;
  }

  /** A write is being parsed or waits to be. */
  get busy(): boolean {
    return this.#writing || this.#pending.length > 0;
  }

  /** `data` is not empty (an empty write would still be parsed, and reported, as a write). */
  push(data: Uint8Array, sink: OutputSink): void {
    this.#pending.push({ data, sink });
    if (!this.#writing) this.#next();
  }

  /** Drops what waits (the terminal is going away); the write being parsed still completes. */
  clear(): void {
    this.#pending = [];
  }

  #next(): void {
    const first = this.#pending[0]!;
    let count = 1;
    let bytes = first.data.length;
    while (count < this.#pending.length) {
      const next = this.#pending[count]!;
      if (next.sink !== first.sink || bytes + next.data.length > this.#maxWrite) break;
      bytes += next.data.length;
      count += 1;
    }
    const data = joined(this.#pending.slice(0, count), bytes);
    this.#pending = this.#pending.slice(count);
    this.#writing = true;
    this.#write(data, () => {
      this.#writing = false;
      const caughtUp = this.#pending.length === 0;
      first.sink.written(bytes, caughtUp);
      // Called from xterm's write callback, the next write joins the parse loop already running.
      if (!caughtUp) this.#next();
      else this.#settled();
    });
  }
}
