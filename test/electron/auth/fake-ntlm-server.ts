import http from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { sealBody, SPNEGO_ENCRYPTED, unsealBody } from '../../../electron/auth/encryption/multipart.ts';
import { hmacMd5, ntowfv2 } from '../../../electron/auth/ntlm/ntlmv2.ts';
import { createRc4 } from '../../../electron/auth/ntlm/rc4.ts';
import { NtlmSessionSecurity } from '../../../electron/auth/ntlm/session-security.ts';
import { SPEC } from './ntlm/vectors.ts';

/**
 * A scriptable NTLM acceptor for control-flow tests (the cryptographic interoperability is the rig's
 * job, against gss-ntlmssp). It accepts DOMAIN\user with `password`, answers SOAP with `reply`, and
 * misbehaves on request through `fault`.
 */
export type Fault =
  | 'none'
  | 'closeAfterChallenge'
  | 'closeAfterReply'
  | 'forgetContext'
  | 'plaintextReply'
  | 'tamperReply'
  | 'skipSequence'
  | 'wrongLength'
  | 'basicOnly'
  | 'badChallenge';

export interface SeenRequest {
  readonly authorization: string | undefined;
  readonly contentType: string | undefined;
  readonly contentLength: string | undefined;
  readonly bodyLength: number;
}

export const REPLY = '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope"><s:Body>ok</s:Body></s:Envelope>';

function authenticateFields(message: Buffer) {
  const at = (i: number) => message.subarray(message.readUInt32LE(16 + i * 8), message.readUInt32LE(16 + i * 8) + message.readUInt16LE(12 + i * 8));
  return { nt: at(1), domain: at(2).toString('utf16le'), user: at(3).toString('utf16le'), encryptedKey: at(5) };
}

export class FakeNtlmServer {
  readonly seen: SeenRequest[] = [];
  fault: Fault = 'none';
  handshakes = 0;
  readonly #server: http.Server;
  readonly #contexts = new WeakMap<Socket, NtlmSessionSecurity>();
  readonly #responseKey = ntowfv2(SPEC.password, SPEC.user, SPEC.domain);

  constructor() {
    this.#server = http.createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (chunk: Buffer) => chunks.push(chunk));
      req.on('end', () => this.#handle(req, res, Buffer.concat(chunks)));
    });
  }

  async listen(): Promise<URL> {
    await new Promise<void>((resolve) => this.#server.listen(0, '127.0.0.1', resolve));
    return new URL(`http://127.0.0.1:${(this.#server.address() as AddressInfo).port}/wsman`);
  }

  async close(): Promise<void> {
    this.#server.closeAllConnections();
    await new Promise((resolve) => this.#server.close(resolve));
  }

  #handle(req: http.IncomingMessage, res: http.ServerResponse, body: Buffer): void {
    const authorization = req.headers.authorization;
    this.seen.push({ authorization, contentType: req.headers['content-type'], contentLength: req.headers['content-length'], bodyLength: body.length });
    const socket = req.socket;
    if (authorization) {
      const token = Buffer.from(authorization.split(' ')[1] ?? '', 'base64');
      if (this.fault === 'basicOnly') return void res.writeHead(401, { 'www-authenticate': 'Basic realm="WSMAN"' }).end();
      if (token.readUInt32LE(8) === 1) {
        const challenge = this.fault === 'badChallenge' ? SPEC.challenge.subarray(0, 40) : SPEC.challenge;
        const headers: http.OutgoingHttpHeaders = { 'www-authenticate': `Negotiate ${challenge.toString('base64')}` };
        if (this.fault === 'closeAfterChallenge') headers.connection = 'close';
        return void res.writeHead(401, headers).end();
      }
      const f = authenticateFields(token);
      const ntProofStr = hmacMd5(this.#responseKey, SPEC.serverChallenge, f.nt.subarray(16));
      if (!ntProofStr.equals(f.nt.subarray(0, 16)) || f.user !== SPEC.user || f.domain !== SPEC.domain) return void res.writeHead(401, { 'www-authenticate': 'Negotiate' }).end();
      const exportedKey = createRc4(hmacMd5(this.#responseKey, ntProofStr)).transform(f.encryptedKey);
      this.#contexts.set(socket, new NtlmSessionSecurity(exportedKey, 'server'));
      this.handshakes++;
      return void res.writeHead(200).end();
    }
    const security = this.#contexts.get(socket);
    if (!security || this.fault === 'forgetContext') return void res.writeHead(401, { 'www-authenticate': 'Negotiate' }).end();
    unsealBody(security, SPNEGO_ENCRYPTED, String(req.headers['content-type']), body);
    if (this.fault === 'plaintextReply') return void res.writeHead(200, { 'content-type': 'application/soap+xml;charset=UTF-8' }).end(REPLY);
    if (this.fault === 'skipSequence') security.seal(Buffer.from('lost'));
    const sealed = sealBody(security, SPNEGO_ENCRYPTED, Buffer.from(REPLY));
    let out = sealed.body;
    if (this.fault === 'tamperReply') out = Buffer.from(out).fill(out[out.length - 30]! ^ 1, out.length - 30, out.length - 29);
    if (this.fault === 'wrongLength') out = Buffer.from(out.toString('latin1').replace(`Length=${REPLY.length}`, `Length=${REPLY.length + 1}`), 'latin1');
    const headers: http.OutgoingHttpHeaders = { 'content-type': sealed.contentType };
    if (this.fault === 'closeAfterReply') headers.connection = 'close';
    res.writeHead(200, headers).end(out);
  }
}
