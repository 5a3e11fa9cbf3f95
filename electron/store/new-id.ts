import { randomBytes } from 'node:crypto';

/** `h_…` host, `f_…` folder, `p_…` proxy profile, `c_…` credential: 72 random bits, URL-safe. */
export function newId(kind: 'h' | 'f' | 'p' | 'c'): string {
  return `${kind}_${randomBytes(9).toString('base64url')}`;
}
