import { DeskError } from '../../shared/errors.ts';
import type { PinnedConnection } from '../http/pinned-connection.ts';
import type { HostAuthenticator } from './host-auth.ts';
import { SOAP_CONTENT_TYPE, soapFromReply } from './soap-reply.ts';

export interface BasicCredential {
  readonly userName: string;
  readonly password: string;
}

export interface BasicOptions {
  /** Basic over plain HTTP sends the password readable by anyone on the path: allowed only when chosen, and never via a proxy. */
  readonly allowUnencryptedHttp?: boolean;
}

/** RFC 7617 Basic with UTF-8 credentials, as WinRM accepts for local accounts. */
export function basicAuthorization(credential: BasicCredential): string {
  if (credential.userName.includes(':')) throw new DeskError('INVALID_ARGUMENT', 'A Basic user name cannot contain ":".');
  return `Basic ${Buffer.from(`${credential.userName}:${credential.password}`, 'utf8').toString('base64')}`;
}

export function createBasicAuthenticator(credential: BasicCredential, options: BasicOptions = {}): HostAuthenticator {
  const authorization = basicAuthorization(credential);
  let requests = 0;
  let reported = -1;
  return {
    scheme: 'basic',
    stats: () => ({ handshakes: 0, requests }),
    async exchange(connection: PinnedConnection, soap: string, headersTimeoutMs: number) {
      if (connection.endpoint.protocol !== 'https:' && !options.allowUnencryptedHttp) {
        throw new DeskError('POLICY_BASIC_OVER_HTTP', 'Basic authentication over HTTP would send the password in clear text. Use HTTPS (port 5986).');
      }
      requests++;
      const reply = await connection.exchange({
        headers: { authorization, 'content-type': SOAP_CONTENT_TYPE, 'accept-encoding': 'identity' },
        body: soap,
        headersTimeoutMs,
      });
      const soapReply = soapFromReply(reply, connection.endpoint.origin);
      if (reported !== reply.generation) {
        reported = reply.generation;
        connection.reportHop({ stage: 'winrm-auth', detail: 'Basic accepted', mechanism: 'basic' });
        connection.reportHop({ stage: 'encryption', detail: connection.endpoint.protocol === 'https:' ? 'TLS protects the messages' : 'not encrypted', sealed: false });
      }
      return soapReply;
    },
  };
}
