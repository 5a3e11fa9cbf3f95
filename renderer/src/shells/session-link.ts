import type { ConnectionFacts } from '../../../shared/domain/connection-facts.ts';
import { FLOW_CONTROL, MAX_INPUT_CHARS, mainFrameSchema, type MainFrame, type PageFrame } from '../../../shared/ipc/session-frames.ts';
import type { FramePort } from './session-ports.ts';

export type StatusFrame = Extract<MainFrame, { t: 'status' }>;

export interface SessionLinkEvents {
  onOutput(data: Uint8Array, stream: 'stdout' | 'stderr'): void;
  onStatus(frame: StatusFrame): void;
  onFacts(facts: ConnectionFacts): void;
  /** A frame that failed the schema: dropped, and reported once per link. */
  onMalformedFrame(): void;
}

/** Splits text into pieces of at most `max` UTF-16 units without cutting a surrogate pair. */
export function splitInput(text: string, max = MAX_INPUT_CHARS): string[] {
  const pieces: string[] = [];
  let start = 0;
  while (text.length - start > max) {
    let end = start + max;
    const last = text.charCodeAt(end - 1);
    if (last >= 0xd800 && last <= 0xdbff) end -= 1;
    pieces.push(text.slice(start, end));
    start = end;
  }
  pieces.push(text.slice(start));
  return pieces;
}

/**
 * One tab's frames over its port: output and status in, typed lines and acknowledgements out.
 * Flow control: the tab reports what the terminal has written (`written`, called from xterm's write
 * callback) and the link acknowledges it, counted in bytes of the output frames' `data` as main
 * counts them, once `FLOW_CONTROL.ACK_BATCH_BYTES` have gathered or the terminal has caught up with
 * everything that arrived (so main's count goes back to zero whenever the page is idle).
 */
export class SessionLink {
  readonly #port: FramePort;
  #unacknowledged = 0;
  #closed = false;
  #reportedMalformed = false;

  constructor(port: FramePort, events: SessionLinkEvents) {
    this.#port = port;
    port.addEventListener('message', (event) => {
      if (this.#closed) return;
      const frame = mainFrameSchema.safeParse(event.data);
      if (!frame.success) {
        if (!this.#reportedMalformed) events.onMalformedFrame();
        this.#reportedMalformed = true;
        return;
      }
      if (frame.data.t === 'output') events.onOutput(frame.data.data, frame.data.stream);
      else if (frame.data.t === 'facts') events.onFacts(frame.data.facts);
      else events.onStatus(frame.data);
    });
    port.start();
  }

  /** Sends a submitted line (with its CR LF) as input frames, split below the frame limit. */
  sendInput(text: string): void {
    for (const data of splitInput(text)) this.#post({ t: 'input', data });
  }

  /** The terminal has written `bytes` more bytes of output; `caughtUp` when nothing else waits. */
  written(bytes: number, caughtUp: boolean): void {
    this.#unacknowledged += bytes;
    if (this.#unacknowledged === 0 || (this.#unacknowledged < FLOW_CONTROL.ACK_BATCH_BYTES && !caughtUp)) return;
    this.#post({ t: 'ack', bytes: this.#unacknowledged });
    this.#unacknowledged = 0;
  }

  close(): void {
    if (this.#closed) return;
    this.#closed = true;
    this.#port.close();
  }

  #post(frame: PageFrame): void {
    if (!this.#closed) this.#port.postMessage(frame);
  }
}
