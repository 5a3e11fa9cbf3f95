/**
 * Above this a declared Content-Length gets no buffer before its bytes arrive: a WinRM reply is at
 * most MaxEnvelopeSize (512 000 bytes by default) plus its framing, and a hostile length must not
 * reserve memory the server never sends.
 */
const PREALLOCATE_LIMIT = 4 * 1024 * 1024;

/**
 * Frees a chunk's memory now, once its bytes are copied, when the chunk is all of its ArrayBuffer:
 * each socket read is a buffer of its own, which nothing but this chunk can see (a view of part of
 * one, like the read that also held the headers, may have neighbours and is left alone). Left to
 * the garbage collector these reads outlive their use (they have been promoted by the time the
 * body is whole): a 20 MB command output held some 5 MiB of them at its peak, memory the next reads
 * could have reused.
 */
function release(chunk: Buffer): void {
  const memory = chunk.buffer;
  if (chunk.byteOffset !== 0 || chunk.byteLength !== memory.byteLength || !(memory instanceof ArrayBuffer) || memory.detached) return;
  memory.transfer(0);
}

/**
 * A response body gathered from the chunks undici hands over (tens of kilobytes each). With a
 * Content-Length (what WinRM sends) the body gets one buffer of that size up front and each chunk is
 * copied in as it arrives, still in the cache (and the chunk's memory freed), instead of a list joined once all have come (that join
 * was a separate pass over every reply); a body in one chunk is that chunk. Without a
 * length, or past the declared one, the chunks are joined at the end.
 */
export class ResponseBody {
  readonly #limit: number;
  /** The declared length when it is worth a buffer up front, else -1. */
  readonly #declared: number;
  #buffer: Buffer | null = null;
  #chunks: Buffer[] = [];
  #size = 0;

  /** `contentLength` as the server declared it (a header value), `limit` the most bytes accepted. */
  constructor(contentLength: string | string[] | undefined, limit: number) {
    this.#limit = limit;
    const declared = typeof contentLength === 'string' && /^\d{1,10}$/.test(contentLength) ? Number(contentLength) : -1;
    this.#declared = declared <= Math.min(limit, PREALLOCATE_LIMIT) ? declared : -1;
  }

  /** False, and nothing kept, when the body would pass the limit. */
  add(chunk: Buffer): boolean {
    const size = this.#size + chunk.length;
    if (size > this.#limit) return false;
    if (this.#size === 0 && chunk.length < this.#declared) this.#buffer = Buffer.allocUnsafe(this.#declared);
    if (this.#buffer && size <= this.#buffer.length) {
      chunk.copy(this.#buffer, this.#size);
      release(chunk);
    } else {
      if (this.#buffer) this.#chunks.push(this.#buffer.subarray(0, this.#size));
      this.#buffer = null;
      this.#chunks.push(chunk);
    }
    this.#size = size;
    return true;
  }

  /**
   * What has arrived so far, from the first byte, while it is gathered in one buffer (a declared
   * length, not passed); null otherwise. Valid until the next `add`; its bytes stay in the body.
   */
  arrived(): Buffer | null {
    return this.#buffer ? this.#buffer.subarray(0, this.#size) : null;
  }

  /** The body as one buffer. */
  bytes(): Buffer {
    if (this.#buffer) return this.#buffer.subarray(0, this.#size);
    return this.#chunks.length === 1 ? this.#chunks[0]! : Buffer.concat(this.#chunks, this.#size);
  }
}
