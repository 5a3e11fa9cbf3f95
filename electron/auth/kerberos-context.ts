import { DeskError } from '../../shared/errors.ts';
import type { MessageSealer } from './encryption/sealer.ts';
import { nativeGss, type NativeContext, type NativeGss } from './gss/native-gss.ts';
import { kerberosReason } from './kerberos-message.ts';

export interface GssContextOptions {
  /** Host part of the service principal HTTP/<host>. */
  readonly serviceHost: string;
  /** SPNEGO (the `Negotiate` HTTP scheme, Kerberos inside) or raw krb5 (the `Kerberos` scheme). */
  readonly mech: 'spnego' | 'krb5';
  readonly errorCode: 'AUTH_FAILED' | 'PROXY_AUTH_FAILED';
  /** Whose ticket (`user@REALM`); the cache's default principal when absent. Ignored by SSPI (logon session). */
  readonly principal?: string;
  /** The credential cache holding the principal's ticket (FILE:…, KEYRING:…); the library default when absent. */
  readonly ccache?: string;
  /** RFC 5929 tls-server-end-point application data, sent in the authenticator (HTTPS). */
  readonly channelBindings?: Buffer;
}

export interface GssContext {
  /** Produces the next token (base64) from the peer's last one ('' to start); '' when there is none. */
  step(peerToken: string): Promise<string>;
  readonly complete: boolean;
  /** The context's message protection, once complete: WinRM's wrap layout (RFC 4121 header, RRC 28 for AES). */
  sealer(): MessageSealer;
  /** Frees the library's context (also done when it is collected). */
  dispose(): void;
}

const BASE64 = /^[A-Za-z0-9+/]*={0,2}$/;

function integrityError(error: unknown): DeskError {
  const reason = error instanceof Error ? kerberosReason(error.message).replace(/\.$/, '') : 'unknown error';
  return new DeskError('INTEGRITY_FAILED', `The server's Kerberos-encrypted message was refused (${reason}); the session was closed.`, { cause: error });
}

function sealerFor(gss: NativeGss, context: NativeContext): MessageSealer {
  return {
    seal(plaintext) {
      const { header, data } = gss.wrap(context, plaintext);
      return { header, ciphertext: data };
    },
    unseal(header, ciphertext) {
      // The two parts are neighbours in the received body: one view of both, not a copy.
      const adjacent = header.buffer === ciphertext.buffer && header.byteOffset + header.length === ciphertext.byteOffset;
      const token = adjacent ? Buffer.from(header.buffer, header.byteOffset, header.length + ciphertext.length) : Buffer.concat([header, ciphertext]);
      try {
        return gss.unwrap(context, token, header.length);
      } catch (error) {
        throw integrityError(error);
      }
    },
  };
}

/**
 * A GSSAPI (MIT krb5, GSS.framework) or SSPI initiator for `HTTP@<host>`, through the app's own
 * binding (electron/native/gssapi): each context names its principal and credential cache, so two
 * sessions signed in as two users never share process-wide state, and it can send channel bindings
 * and seal messages. A failure quotes the library's reason without the cache's name or path.
 */
export async function startGssContext(options: GssContextOptions): Promise<GssContext> {
  const service = `HTTP@${options.serviceHost}`;
  const fail = (error: unknown) =>
    new DeskError(options.errorCode, `Kerberos could not authenticate to ${service}: ${error instanceof Error ? kerberosReason(error.message).replace(/\.$/, '') : 'unknown error'}. Check the Kerberos service host (SPN host) and that a ticket exists for the user.`, { cause: error, settings: ['spnHost', 'credential'] });
  const gss = nativeGss();
  if (!gss) throw new DeskError(options.errorCode, 'Kerberos cannot run in this installation: its Kerberos component did not load. Reinstall WinRM Desk, or use NTLM.');
  let context: NativeContext;
  try {
    context = gss.createContext({
      serviceHost: options.serviceHost,
      spnego: options.mech === 'spnego',
      ...(options.principal ? { principal: options.principal } : {}),
      ...(options.ccache ? { ccache: options.ccache } : {}),
      ...(options.channelBindings ? { channelBindings: options.channelBindings } : {}),
    });
  } catch (error) {
    throw fail(error);
  }
  let complete = false;
  return {
    get complete() {
      return complete;
    },
    async step(peerToken: string) {
      if (!BASE64.test(peerToken)) throw new DeskError(options.errorCode, `The ${service} handshake token is not base64.`);
      try {
        const result = await gss.step(context, peerToken === '' ? null : Buffer.from(peerToken, 'base64'));
        complete = result.complete;
        return result.token?.toString('base64') ?? '';
      } catch (error) {
        throw fail(error);
      }
    },
    sealer() {
      if (!complete) throw new DeskError('AUTH_FAILED', `The server did not prove its identity as ${service}, so no message can be sealed.`);
      return sealerFor(gss, context);
    },
    dispose() {
      gss.release(context);
    },
  };
}
