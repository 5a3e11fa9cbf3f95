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

/**
 * Reads one HTTP/1.1 response head (and, unless it is a 2xx to CONNECT, its Content-Length body) off a
 * raw socket, leaving the socket positioned after it — the next CONNECT leg or the tunnel starts there.
 */
export function readResponse(socket: Socket, who: string, timeoutMs: number): Promise<{ head: ResponseHead; body: Buffer }> {
  return new Promise((resolve, reject) => {
    let buffered = Buffer.alloc(0);
    let head: ResponseHead | null = null;
    let bodyLength = 0;
    const timer = setTimeout(() => finish(new DeskError('TIMEOUT', `${who} did not answer the CONNECT request in time.`)), timeoutMs);
    const onData = (chunk: Buffer) => {
      buffered = Buffer.concat([buffered, chunk]);
      try {
        if (!head) {
          const end = buffered.indexOf('\r\n\r\n');
          if (end === -1) {
            if (buffered.length > MAX_HEAD_BYTES) throw new DeskError('PROXY_CONNECT_FAILED', `${who} sent an oversized response head.`);
            return;
          }
          head = parseHead(buffered.subarray(0, end).toString('latin1'), who);
          buffered = buffered.subarray(end + 4);
          const isTunnel = head.status >= 200 && head.status < 300;
          const length = headerValues(head, 'content-length')[0];
          bodyLength = isTunnel ? 0 : length === undefined ? 0 : Number(length);
          if (!Number.isInteger(bodyLength) || bodyLength < 0 || bodyLength > MAX_BODY_BYTES) throw new DeskError('PROXY_CONNECT_FAILED', `${who} sent an invalid Content-Length.`);
          if (headerValues(head, 'transfer-encoding').length > 0 && !isTunnel) {
            throw new DeskError('PROXY_CONNECT_FAILED', `${who} sent a chunked answer to CONNECT, which this client does not accept.`);
          }
        }
        if (buffered.length >= bodyLength) finish(null);
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
      const body = buffered.subarray(0, bodyLength);
      const rest = buffered.subarray(bodyLength);
      // Bytes after the head belong to whoever reads the socket next (TLS, or the next leg).
      if (rest.length > 0) socket.unshift(rest);
      resolve({ head, body });
    }
    socket.on('data', onData);
    socket.once('close', onClose);
    socket.once('error', onError);
  });
}
