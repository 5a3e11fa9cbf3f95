import type { Socket } from 'node:net';
import { DeskError } from '../../shared/errors.ts';
import { headerValues, readResponse, type ResponseHead } from '../http/response-head.ts';
import type { HopListener } from '../http/hops.ts';
import { connectTcp } from '../http/tcp-connect.ts';
import { formatAddress, type ProxyAddress } from './proxy-address.ts';
import { offeredSchemeNames, parseChallenges } from '../http/auth-challenges.ts';
import type { ProxyAuthFactory, ProxyAuthenticator } from './proxy-auth.ts';

export interface TunnelOptions {
  readonly proxy: ProxyAddress;
  /** `host:port` of the WinRM endpoint. */
  readonly target: string;
  readonly auth?: ProxyAuthFactory;
  readonly timeoutMs: number;
  readonly onHop?: HopListener;
}

const MAX_LEGS = 4;

function closes(head: ResponseHead): boolean {
  return [...headerValues(head, 'connection'), ...headerValues(head, 'proxy-connection')].some((v) => /\bclose\b/i.test(v));
}

function offered(head: ResponseHead): string[] {
  return offeredSchemeNames(parseChallenges(headerValues(head, 'proxy-authenticate')));
}

/**
 * Opens a CONNECT tunnel, answering 407s on the same proxy socket: NTLM and Negotiate proxy auth bind
 * their legs to one connection, so a proxy that closes it mid-handshake fails rather than restarts.
 * Returns the socket positioned at the first tunnelled byte.
 */
export async function openTunnel(options: TunnelOptions): Promise<Socket> {
  const who = `the proxy ${formatAddress(options.proxy)}`;
  const auth: ProxyAuthenticator | null = options.auth ? options.auth() : null;
  const started = performance.now();
  let socket = await connectTcp(options.proxy.host, options.proxy.port, options.timeoutMs, who, options.onHop);
  let authorization = auth ? await auth.initial() : null;
  try {
    for (let leg = 1; leg <= MAX_LEGS; leg++) {
      const lines = [`CONNECT ${options.target} HTTP/1.1`, `Host: ${options.target}`, 'Proxy-Connection: Keep-Alive'];
      if (authorization) lines.push(`Proxy-Authorization: ${authorization}`);
      socket.write(`${lines.join('\r\n')}\r\n\r\n`);
      const { head } = await readResponse(socket, who, options.timeoutMs);
      if (head.status >= 200 && head.status < 300) {
        if (auth) options.onHop?.({ stage: 'proxy-auth', detail: `${auth.scheme} accepted by ${formatAddress(options.proxy)}` });
        options.onHop?.({ stage: 'connect', detail: `tunnel to ${options.target} through ${formatAddress(options.proxy)}`, durationMs: performance.now() - started });
        return socket;
      }
      if (head.status !== 407) {
        throw new DeskError('PROXY_CONNECT_FAILED', `${who} refused the tunnel to ${options.target}: HTTP ${head.status} ${head.reason}.`.replace(/\s+\./, '.'));
      }
      const schemes = offered(head);
      options.onHop?.({ stage: 'challenge', detail: `HTTP 407 from ${formatAddress(options.proxy)}`, challenger: 'proxy', offeredSchemes: schemes });
      if (!auth) {
        throw new DeskError('PROXY_AUTH_REQUIRED', `${who} requires authentication (it offers ${schemes.length ? schemes.join(', ') : 'no scheme'}); set the proxy profile’s authentication and proxy credential.`, { settings: ['proxyAuth', 'proxyCredential'] });
      }
      const next = await auth.respond(parseChallenges(headerValues(head, 'proxy-authenticate')), { method: 'CONNECT', uri: options.target });
      if (!next) throw new DeskError('PROXY_AUTH_FAILED', `${who} rejected the proxy credentials (${auth.scheme}).`);
      if (closes(head)) {
        if (auth.connectionBased) {
          throw new DeskError('PROXY_AUTH_FAILED', `${who} closed the connection in the middle of ${auth.scheme} proxy authentication, which needs one connection for all its legs.`);
        }
        socket.destroy();
        socket = await connectTcp(options.proxy.host, options.proxy.port, options.timeoutMs, who, options.onHop);
      }
      authorization = next;
    }
    throw new DeskError('PROXY_AUTH_FAILED', `${who} kept asking for authentication after ${MAX_LEGS} attempts.`);
  } catch (error) {
    socket.destroy();
    throw error;
  }
}
