import net, { isIP, type LookupFunction, type Socket } from 'node:net';
import { DeskError } from '../../shared/errors.ts';
import type { HopListener } from './hops.ts';
import { toNetworkError } from './network-errors.ts';

/**
 * A failed lookup says which name did not resolve and what an admin can check: no such name
 * (ENOTFOUND) is a typo or a record DNS lacks; no answer (EAI_AGAIN) is this machine's network or DNS.
 */
function lookupError(error: NodeJS.ErrnoException, host: string, who: string): DeskError | null {
  switch (error.code) {
    case 'ENOTFOUND':
      return new DeskError('HOST_NOT_FOUND', `The host name "${host}" does not resolve (ENOTFOUND), so ${who} cannot be reached. Check the spelling of the name, and that this machine's DNS servers know it.`, { cause: error });
    case 'EAI_AGAIN':
      return new DeskError('HOST_NOT_FOUND', `The host name "${host}" could not be looked up: no DNS server answered (EAI_AGAIN), so ${who} cannot be reached. Check this machine's network and DNS settings, then try again.`, { cause: error });
    default:
      return null;
  }
}

/**
 * A TCP connection to a host or a proxy, reporting name resolution and the connect as hops. `who`
 * names the peer in errors ("the proxy 10.0.0.1:3128", "https://dc01:5986"). `lookup` resolves a
 * host name (an IP address is used as it is); tests pass one that answers without DNS. Without it,
 * net.connect uses the system's resolver (getaddrinfo, as dns.lookup) and loads node:dns only when a
 * name is to be resolved: connecting to an address costs the CLI no resolver module at start-up.
 */
export function connectTcp(host: string, port: number, timeoutMs: number, who: string, onHop?: HopListener, lookup?: LookupFunction): Promise<Socket> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect(lookup ? { host, port, lookup } : { host, port });
    socket.setNoDelay(true);
    const timer = setTimeout(() => {
      socket.destroy();
      reject(new DeskError('TIMEOUT', `Connecting to ${who} timed out.`));
    }, timeoutMs);
    socket.once('lookup', (error, address) => {
      if (!error && isIP(host) === 0) onHop?.({ stage: 'dns', detail: `${host} → ${String(address)}`, durationMs: performance.now() - started });
    });
    socket.once('connect', () => {
      clearTimeout(timer);
      onHop?.({ stage: 'tcp', detail: `${socket.remoteAddress ?? host}:${socket.remotePort ?? port}`, durationMs: performance.now() - started });
      resolve(socket);
    });
    socket.once('error', (error: NodeJS.ErrnoException) => {
      clearTimeout(timer);
      reject((isIP(host) === 0 ? lookupError(error, host, who) : null) ?? toNetworkError(error, who));
    });
  });
}
