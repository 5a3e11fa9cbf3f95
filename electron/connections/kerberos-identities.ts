import { mkdtempSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeskError } from '../../shared/errors.ts';
import { kerberosToolEnv, kinit, runKerberosTool } from '../auth/kinit.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface KerberosIdentitiesOptions {
  /** The environment as the process started: it names the user's own ticket cache and krb5 config. */
  readonly env: Env;
  /** Where the private directory of ticket caches is made (default: the OS temporary directory). */
  readonly parentDir?: string;
}

/** Whose ticket a security context uses, and the credential cache that holds it. */
export interface KerberosIdentity {
  readonly principal?: string;
  readonly ccache?: string;
}

/**
 * The tickets of every identity one process uses. A stored password's TGT is got with kinit into a
 * cache of its own in a private directory (one per principal); the logged-on user's tickets stay in
 * their own cache, whatever its type (FILE, DIR, KEYRING, KCM). Each security context names its
 * principal and that cache (electron/auth/kerberos-context.ts), so two sessions signed in as two
 * users share nothing, and nothing process-wide — no KRB5CCNAME — is ever set.
 */
export class KerberosIdentities {
  readonly #dir: string;
  readonly #env: Env;
  readonly #userCacheName: string | undefined;
  readonly #caches = new Map<string, string>();
  #kinits: Promise<unknown> = Promise.resolve();

  constructor(options: KerberosIdentitiesOptions) {
    this.#env = options.env;
    this.#userCacheName = options.env['KRB5CCNAME'];
    this.#dir = mkdtempSync(path.join(options.parentDir ?? os.tmpdir(), 'winrm-desk-krb5-'));
  }

  /** The stored credential's identity, after a fresh kinit of its password into its own cache. */
  identityForPassword(userName: string, password: string): Promise<KerberosIdentity> {
    // One kinit at a time: the same principal from two tabs at once would race on one cache file.
    const next = this.#kinits.catch(() => undefined).then(async () => {
      const key = userName.toLowerCase();
      let cache = this.#caches.get(key);
      if (!cache) {
        // Numbered, not named after the user: a file name says nothing about who signed in.
        cache = `FILE:${path.join(this.#dir, `tkt-${this.#caches.size + 1}`)}`;
        this.#caches.set(key, cache);
      }
      const principal = await kinit(cache, userName, password, this.#env);
      return { principal, ccache: cache };
    });
    this.#kinits = next;
    return next;
  }

  /** The logged-on user's identity: its principal and its own cache; empty on Windows, where SSPI uses the logon session. */
  async loggedOnIdentity(): Promise<KerberosIdentity> {
    if (process.platform === 'win32') return {};
    const env = kerberosToolEnv(this.#env, this.#userCacheName);
    const listed = await runKerberosTool('klist', [], env);
    const cache = /^Ticket cache:\s*(\S+)/m.exec(listed.stdout)?.[1];
    const principal = /^Default principal:\s*(\S+)/m.exec(listed.stdout)?.[1];
    if (listed.code !== 0 || !cache || !principal) {
      throw new DeskError('AUTH_FAILED', 'The logged-on user has no Kerberos ticket. Sign in to the domain (kinit), or save a credential for this host.', { settings: ['credential'] });
    }
    // klist names a plain path without its type; the library needs it typed.
    return { principal, ccache: cache.includes(':') ? cache : `FILE:${cache}` };
  }

  /** Removes the private caches and every ticket in them (the user's own cache is left alone). */
  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }
}
