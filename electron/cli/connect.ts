import { readFileSync } from 'node:fs';
import { DeskError } from '../../shared/errors.ts';
import { createBasicAuthenticator } from '../auth/basic.ts';
import type { AuthenticatorFactory } from '../auth/host-auth.ts';
import { checkCaBundle, normalizeThumbprint, type TlsPolicy } from '../http/tls-policy.ts';
import { Session } from '../sessions/session.ts';
import type { ConnectionOptions } from './options.ts';

export interface Warning {
  readonly message: string;
}

function tlsPolicy(options: ConnectionOptions): TlsPolicy {
  const chosen = [options.insecureSkipVerify && '--insecure-skip-verify', options.caFile && '--ca', options.certThumbprint && '--cert-thumbprint'].filter(Boolean);
  if (chosen.length > 1) throw new DeskError('INVALID_ARGUMENT', `${chosen.join(' and ')} contradict each other; choose one.`);
  if (options.insecureSkipVerify) return { mode: 'insecure' };
  if (options.certThumbprint) return { mode: 'pin', sha256: normalizeThumbprint(options.certThumbprint) };
  if (options.caFile) {
    let pem: string;
    try {
      pem = readFileSync(options.caFile, 'utf8');
    } catch (error) {
      throw new DeskError('INVALID_ARGUMENT', `--ca ${options.caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    return { mode: 'ca', caPem: checkCaBundle(pem) };
  }
  return { mode: 'system' };
}

function authenticator(options: ConnectionOptions, password: string): AuthenticatorFactory {
  switch (options.auth) {
    case 'basic': {
      if (options.encryption === 'always') {
        throw new DeskError('POLICY_ENCRYPTION_UNAVAILABLE', 'Basic authentication cannot encrypt messages. Use --auth ntlm, negotiate or kerberos, or drop --encryption always.');
      }
      const credential = { userName: options.user, password };
      // `never` is the user saying the server allows unencrypted traffic (AllowUnencrypted=true).
      return () => createBasicAuthenticator(credential, { allowUnencryptedHttp: options.encryption === 'never' });
    }
    case 'ntlm':
    case 'negotiate':
    case 'kerberos':
      throw new DeskError('NOT_SUPPORTED', `--auth ${options.auth} is not in this build yet; use --auth basic over HTTPS.`);
  }
}

/** Builds the session the options describe. Nothing is sent until the first request. */
export function openSession(options: ConnectionOptions, env: NodeJS.ProcessEnv): { session: Session; warnings: Warning[] } {
  const password = env[options.passwordEnv];
  if (password === undefined) throw new DeskError('INVALID_ARGUMENT', `The environment variable ${options.passwordEnv} (named by --password-env) is not set.`);
  const tls = tlsPolicy(options);
  const warnings: Warning[] = [];
  if (tls.mode === 'insecure' && options.url.protocol === 'https:') {
    warnings.push({ message: `certificate verification is OFF for ${options.url.host}: anyone on the path can impersonate this server.` });
  }
  const session = new Session({
    endpoint: options.url,
    tls,
    authenticator: authenticator(options, password),
    operationTimeoutSec: options.operationTimeoutSec,
  });
  return { session, warnings };
}
