import { isUtf8 } from 'node:buffer';
import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { FLOW_CONTROL } from '../../shared/ipc/session-frames.ts';

export type OutputStreamName = 'stdout' | 'stderr';

export interface OutputFrame {
  readonly t: 'output';
  readonly stream: OutputStreamName;
  readonly data: Uint8Array<ArrayBuffer>;
}

export interface OutputLimits {
  readonly HIGH_WATER_BYTES: number;
  readonly LOW_WATER_BYTES: number;
  readonly MAX_FRAME_BYTES: number;
}

/**
 * How many leading bytes of `bytes` end on a character boundary: a UTF-8 sequence cut off by the
 * end (its lead byte and fewer continuation bytes than it announces) is left out. Anything else,
 * valid or not, counts as complete.
 */
export function completeUtf8Length(bytes: Uint8Array): number {
  const end = bytes.length;
  for (let i = end - 1; i >= 0 && i >= end - 4; i--) {
    const byte = bytes[i]!;
    if ((byte & 0xc0) === 0x80) continue;
    const needed = byte < 0xc0 ? 1 : byte < 0xe0 ? 2 : byte < 0xf0 ? 3 : byte < 0xf8 ? 4 : 1;
    return end - i < needed ? i : end;
  }
  return end;
}

function joined(chunks: readonly Uint8Array[], length: number): Uint8Array<ArrayBuffer> {
  // Always a fresh array of exactly this length: a Buffer may be a view on a larger pool, and a
  // structured clone of a view copies its whole ArrayBuffer.
  const out = new Uint8Array(length);
  let offset = 0;
  for (const chunk of chunks) {
    out.set(chunk, offset);
    offset += chunk.length;
  }
  return out;
}

/**
 * A tab's output on its way to the page. Chunks of a stream are joined into frames of up to
 * `MAX_FRAME_BYTES` (what arrived in the same turn of the event loop goes as one frame, so a WinRM
 * Receive of several hundred KB is one or two messages rather than a message per stream element),
 * a stream switch sends what was gathered first, and output keeps its order. A character split
 * between two Receives waits for its last byte, per stream, so the terminal never gets half a
 * character; bytes that are not UTF-8 become U+FFFD here, as a text decoder would show them.
 *
 * Flow control: while more than `HIGH_WATER_BYTES` posted bytes are unacknowledged both streams
 * are paused, which stops the command's receive loop (it waits for its streams to drain) and so the
 * Receives; they resume once acknowledgements bring it under `LOW_WATER_BYTES`. What main holds for
 * a slow page is then bounded: one frame being gathered, the paused streams' buffers and the one
 * Receive reply the loop has read ahead.
 */
export class TabOutput {
  readonly #streams: Record<OutputStreamName, Readable>;
  readonly #post: (frame: OutputFrame) => void;
  readonly #limits: OutputLimits;
  readonly #held: Record<OutputStreamName, Uint8Array | null> = { stdout: null, stderr: null };
  #gathering: { stream: OutputStreamName; chunks: Uint8Array[]; bytes: number } | null = null;
  #flushTimer: NodeJS.Immediate | undefined;
  #unacknowledged = 0;
  #paused = false;
  #disposed = false;
  /** Settles once both streams have ended and everything they carried has been posted. */
  readonly drained: Promise<void>;

  constructor(streams: Record<OutputStreamName, Readable>, post: (frame: OutputFrame) => void, limits: OutputLimits = FLOW_CONTROL) {
    this.#streams = streams;
    this.#post = post;
    this.#limits = limits;
    this.drained = Promise.all([this.#pump('stdout'), this.#pump('stderr')]).then(() => this.flush());
  }

  /** Bytes posted and not yet acknowledged by the page. */
  get unacknowledged(): number {
    return this.#unacknowledged;
  }

  get paused(): boolean {
    return this.#paused;
  }

  /** The page's terminal has written `bytes` more bytes. */
  acknowledge(bytes: number): void {
    this.#unacknowledged = Math.max(0, this.#unacknowledged - bytes);
    if (this.#paused && this.#unacknowledged < this.#limits.LOW_WATER_BYTES) {
      this.#paused = false;
      this.#streams.stdout.resume();
      this.#streams.stderr.resume();
    }
  }

  /** Posts what is being gathered now (before a frame that must come after it, such as a status). */
  flush(): void {
    clearImmediate(this.#flushTimer);
    this.#flushTimer = undefined;
    const gathering = this.#gathering;
    this.#gathering = null;
    if (!gathering || this.#disposed) return;
    let data = joined(gathering.chunks, gathering.bytes);
    if (!isUtf8(data)) data = new TextEncoder().encode(new TextDecoder().decode(data));
    this.#post({ t: 'output', stream: gathering.stream, data });
    this.#unacknowledged += data.length;
    if (!this.#paused && this.#unacknowledged > this.#limits.HIGH_WATER_BYTES) {
      this.#paused = true;
      this.#streams.stdout.pause();
      this.#streams.stderr.pause();
    }
  }

  /** Nothing more is posted; what was being gathered is dropped with the port. */
  dispose(): void {
    this.#disposed = true;
    clearImmediate(this.#flushTimer);
    this.#gathering = null;
  }

  #pump(name: OutputStreamName): Promise<void> {
    const stream = this.#streams[name];
    stream.on('data', (chunk: Uint8Array) => this.#take(name, chunk));
    return once(stream, 'end').then(
      () => this.#takeRest(name),
      () => this.#takeRest(name),
    );
  }

  #take(name: OutputStreamName, chunk: Uint8Array): void {
    if (this.#disposed || chunk.length === 0) return;
    const held = this.#held[name];
    const bytes = held ? joined([held, chunk], held.length + chunk.length) : chunk;
    const complete = completeUtf8Length(bytes);
    // A copy: the chunk may be a view on a much larger buffer.
    this.#held[name] = complete < bytes.length ? new Uint8Array(bytes.subarray(complete)) : null;
    if (complete > 0) this.#gather(name, bytes.subarray(0, complete));
  }

  /** A stream ended with part of a character held: it goes as it is (and shows as U+FFFD). */
  #takeRest(name: OutputStreamName): void {
    const held = this.#held[name];
    this.#held[name] = null;
    if (held) this.#gather(name, held);
  }

  #gather(name: OutputStreamName, bytes: Uint8Array): void {
    if (this.#gathering && this.#gathering.stream !== name) this.flush();
    const gathering = (this.#gathering ??= { stream: name, chunks: [], bytes: 0 });
    gathering.chunks.push(bytes);
    gathering.bytes += bytes.length;
    if (gathering.bytes >= this.#limits.MAX_FRAME_BYTES) this.flush();
    else this.#flushTimer ??= setImmediate(() => this.flush());
  }
}
