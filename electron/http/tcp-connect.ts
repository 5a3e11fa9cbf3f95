import net, { isIP, type Socket } from 'node:net';
import { DeskError } from '../../shared/errors.ts';
import type { HopListener } from './hops.ts';
import { toNetworkError } from './network-errors.ts';

/**
 * A TCP connection to a host or a proxy, reporting name resolution and the connect as hops. `who`
 * names the peer in errors ("the proxy 10.0.0.1:3128", "https://dc01:5986").
 */
export function connectTcp(host: string, port: number, timeoutMs: number, who: string, onHop?: HopListener): Promise<Socket> {
  const started = performance.now();
  return new Promise((resolve, reject) => {
    const socket = net.connect({ host, port });
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
    socket.once('error', (error) => {
      clearTimeout(timer);
      reject(toNetworkError(error, who));
    });
  });
}
