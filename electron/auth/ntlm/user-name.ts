import { DeskError } from '../../../shared/errors.ts';

export interface NtlmIdentity {
  readonly user: string;
  readonly domain: string;
}

/**
 * `DOMAIN\user` splits at the backslash; `user@domain` (a UPN) stays whole with an empty domain, as
 * Windows clients send it and the server resolves it; a bare `user` has an empty domain (a local
 * account of the target).
 */
export function parseNtlmUserName(userName: string): NtlmIdentity {
  const slash = userName.indexOf('\\');
  const identity = slash >= 0 ? { domain: userName.slice(0, slash), user: userName.slice(slash + 1) } : { domain: '', user: userName };
  if (identity.user.length === 0 || identity.user.includes('\\')) {
    throw new DeskError('INVALID_ARGUMENT', 'The NTLM user name must be "DOMAIN\\user", "user@domain" or "user".');
  }
  return identity;
}
