import net from 'node:net';
import type { AddressInfo } from 'node:net';
import tls from 'node:tls';

export interface FrontCertificate {
  readonly certPem: string;
  readonly keyPem: string;
}

export interface FrontOptions {
  /** 0 (default): any free port. */
  readonly port?: number;
  /** The newest TLS version offered (default: Node's, TLS 1.3). */
  readonly maxVersion?: tls.SecureVersion;
}

/**
 * HTTPS in front of a plain HTTP server on loopback, as a TLS offloader in front of a WinRM listener
 * would be: each TLS connection's decrypted bytes go to its own TCP connection to `upstreamPort`, and
 * back. It counts handshakes and the application bytes clients sent, so a test can tell "a TLS
 * handshake happened" from "something was sent over it". Stopped and started again on the same port
 * with another certificate, it is a server whose certificate changed between connections.
 */
export class TlsFront {
  readonly #server: tls.Server;
  readonly #sockets = new Set<net.Socket>();
  readonly #clients = new Set<net.Socket>();
  #connections = 0;
  #handshakes = 0;
  #bytesFromClients = 0;

  private constructor(upstreamPort: number, certificate: FrontCertificate, maxVersion?: tls.SecureVersion) {
    const options: tls.TlsOptions = { cert: certificate.certPem, key: certificate.keyPem, ALPNProtocols: ['http/1.1'], ...(maxVersion ? { maxVersion } : {}) };
    this.#server = tls.createServer(options, (client) => {
      this.#handshakes++;
      const upstream = net.connect({ host: '127.0.0.1', port: upstreamPort });
      for (const socket of [client, upstream]) {
        this.#sockets.add(socket);
        socket.on('close', () => this.#sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      client.on('data', (chunk: Buffer) => (this.#bytesFromClients += chunk.length));
      client.pipe(upstream);
      upstream.pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    this.#server.on('connection', (socket: net.Socket) => {
      this.#connections++;
      this.#sockets.add(socket);
      this.#clients.add(socket);
      socket.on('close', () => {
        this.#sockets.delete(socket);
        this.#clients.delete(socket);
      });
    });
    // A client that rejects the certificate ends the handshake; that is not the front's failure.
    this.#server.on('tlsClientError', () => undefined);
  }

  /** Listens on 127.0.0.1. */
  static async start(upstreamPort: number, certificate: FrontCertificate, options: FrontOptions = {}): Promise<TlsFront> {
    const front = new TlsFront(upstreamPort, certificate, options.maxVersion);
    const port = options.port ?? 0;
    await new Promise<void>((resolve, reject) => {
      front.#server.once('error', reject);
      front.#server.listen(port, '127.0.0.1', () => {
        front.#server.off('error', reject);
        resolve();
      });
    });
    return front;
  }

  get port(): number {
    return (this.#server.address() as AddressInfo).port;
  }

  /** TCP connections accepted (each then begins a TLS handshake). */
  get connections(): number {
    return this.#connections;
  }

  /** Client connections open now. */
  get openConnections(): number {
    return this.#clients.size;
  }

  /** TLS handshakes the server completed (a client that drops the connection at once may not let it). */
  get handshakes(): number {
    return this.#handshakes;
  }

  /** Application bytes (decrypted) that clients sent: requests, SOAP bodies. */
  get bytesFromClients(): number {
    return this.#bytesFromClients;
  }

  /** Stops listening and ends every connection at once, as a service restart does. */
  async close(): Promise<void> {
    const closed = new Promise((resolve) => this.#server.close(resolve));
    for (const socket of this.#sockets) socket.destroy();
    await closed;
  }
}
