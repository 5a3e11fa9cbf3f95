import type { Socket } from 'node:net';
import { DeskError } from '../../shared/errors.ts';

export interface ResponseHead {
  readonly status: number;
  readonly reason: string;
  /** Lower-case names; repeated headers keep every value. */
  readonly headers: ReadonlyMap<string, readonly string[]>;
}

const MAX_HEAD_BYTES = 64 * 1024;
const MAX_BODY_BYTES = 1024 * 1024;

export function headerValues(head: ResponseHead, name: string): readonly string[] {
  return head.headers.get(name) ?? [];
}

function parseHead(text: string, who: string): ResponseHead {
  const [statusLine = '', ...lines] = text.split('\r\n');
  const m = /^HTTP\/1\.[01] (\d{3})(?: (.*))?$/.exec(statusLine);
  if (!m) throw new DeskError('PROXY_CONNECT_FAILED', `${who} did not answer with HTTP (${JSON.stringify(statusLine.slice(0, 40))}).`);
  const headers = new Map<string, string[]>();
  for (const line of lines) {
    const colon = line.indexOf(':');
    if (colon <= 0) throw new DeskError('PROXY_CONNECT_FAILED', `${who} sent a malformed header line.`);
    const name = line.slice(0, colon).trim().toLowerCase();
    const list = headers.get(name) ?? [];
    list.push(line.slice(colon + 1).trim());
    headers.set(name, list);
  }
  return { status: Number(m[1]), reason: (m[2] ?? '').slice(0, 80), headers };
}

/** The Content-Length of a non-tunnel answer: digits only, and every copy of the header the same. */
function contentLengthOf(head: ResponseHead, who: string): number {
  const values = headerValues(head, 'content-length');
  if (values.length === 0) return 0;
  if (values.some((v) => v !== values[0]) || !/^\d{1,7}$/.test(values[0]!) || Number(values[0]) > MAX_BODY_BYTES) {
    throw new DeskError('PROXY_CONNECT_FAILED', `${who} sent an invalid Content-Length.`);
  }
  return Number(values[0]);
}

const HEAD_END = Buffer.from('\r\n\r\n', 'latin1');

/**
 * Reads one HTTP/1.1 response head (and, unless it is a 2xx to CONNECT, its Content-Length body) off a
 * raw socket, leaving the socket positioned after it — the next CONNECT leg or the tunnel starts there.
 * Chunks are kept as they come and joined once: a proxy that sends its answer a few bytes at a time
 * costs time in proportion to the bytes, not to their square (a 1 MB body in 16-byte chunks took 27 s
 * when every chunk was appended to one buffer).
 */
export function readResponse(socket: Socket, who: string, timeoutMs: number): Promise<{ head: ResponseHead; body: Buffer }> {
  return new Promise((resolve, reject) => {
    let chunks: Buffer[] = [];
    let received = 0;
    // The last bytes before the newest chunk, in case the blank line is split between chunks.
    let tail = Buffer.alloc(0);
    let head: ResponseHead | null = null;
    let bodyStart = 0;
    let bodyLength = 0;
    const timer = setTimeout(() => finish(new DeskError('TIMEOUT', `${who} did not answer the CONNECT request in time.`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      const chunkStart = received;
      chunks.push(chunk);
      received += chunk.length;
      try {
        if (!head) {
          const window = Buffer.concat([tail, chunk]);
          const at = window.indexOf(HEAD_END);
          const end = at === -1 ? -1 : chunkStart - tail.length + at;
          if (end === -1 ? received > MAX_HEAD_BYTES : end > MAX_HEAD_BYTES) throw new DeskError('PROXY_CONNECT_FAILED', `${who} sent an oversized response head.`);
          if (end === -1) {
            tail = window.subarray(Math.max(0, window.length - (HEAD_END.length - 1)));
            return;
          }
          const buffered = Buffer.concat(chunks);
          chunks = [buffered];
          head = parseHead(buffered.toString('latin1', 0, end), who);
          bodyStart = end + HEAD_END.length;
          const isTunnel = head.status >= 200 && head.status < 300;
          bodyLength = isTunnel ? 0 : contentLengthOf(head, who);
          if (headerValues(head, 'transfer-encoding').length > 0 && !isTunnel) {
            throw new DeskError('PROXY_CONNECT_FAILED', `${who} sent a chunked answer to CONNECT, which this client does not accept.`);
          }
        }
        if (received - bodyStart >= bodyLength) finish(null);
      } catch (error) {
        finish(error as Error);
      }
    };
    const onClose = () => finish(new DeskError('PROXY_CONNECT_FAILED', `${who} closed the connection during CONNECT.`));
    const onError = (error: Error) => finish(error);
    function finish(error: Error | null) {
      clearTimeout(timer);
      socket.off('data', onData);
      socket.off('close', onClose);
      socket.off('error', onError);
      if (error || !head) {
        reject(error ?? new DeskError('PROXY_CONNECT_FAILED', `${who} sent no response.`));
        return;
      }
      const buffered = Buffer.concat(chunks);
      const body = buffered.subarray(bodyStart, bodyStart + bodyLength);
      const rest = buffered.subarray(bodyStart + bodyLength);
      // Bytes after the head belong to whoever reads the socket next (TLS, or the next leg).
      if (rest.length > 0) socket.unshift(rest);
      resolve({ head, body });
    }
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}
