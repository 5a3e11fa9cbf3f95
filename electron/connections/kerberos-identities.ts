import { lstatSync, mkdtempSync, rmSync, symlinkSync, unlinkSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DeskError } from '../../shared/errors.ts';
import { kerberosToolEnv, kinit, runKerberosTool } from '../auth/kinit.ts';

type Env = Readonly<Record<string, string | undefined>>;

export interface KerberosIdentitiesOptions {
  /** The environment as the process started: it names the user's own ticket cache and krb5 config. */
  readonly env: Env;
  /** Where the private collection's directory is made (default: the OS temporary directory). */
  readonly parentDir?: string;
}

/**
 * The tickets of every identity one process uses, in one MIT `DIR:` credential-cache collection of
 * its own: a stored password's TGT is added with kinit (one cache per principal), and the logged-on
 * user's cache is linked in, so each authenticator picks its principal from the same collection
 * (`initializeClient(…, { principal })`). Nothing here touches process.env: the surface points the
 * process at the collection once, at start (`collectionEnv`), because the `kerberos` package reads
 * the collection from there.
 */
export class KerberosIdentities {
  /** The value for KRB5CCNAME. */
  readonly collection: string;
  readonly #dir: string;
  readonly #env: Env;
  readonly #userCacheName: string | undefined;
  #kinits: Promise<unknown> = Promise.resolve();

  constructor(options: KerberosIdentitiesOptions) {
    this.#env = options.env;
    // The user's own default cache, as it was before the process was pointed at the collection.
    this.#userCacheName = options.env['KRB5CCNAME'];
    this.#dir = mkdtempSync(path.join(options.parentDir ?? os.tmpdir(), 'winrm-desk-krb5-'));
    this.collection = `DIR:${this.#dir}`;
  }

  /**
   * The stored credential's principal, after a fresh kinit of its password into the collection: the
   * ticket the session's authenticators then name.
   */
  principalForPassword(userName: string, password: string): Promise<string> {
    // One kinit at a time in the collection: two at once into an empty collection both take its
    // primary cache, and the second overwrites the first principal's ticket (seen with MIT 1.20:
    // both sessions then signed in as the second user).
    const next = this.#kinits.catch(() => undefined).then(() => kinit(this.collection, userName, password, this.#env));
    this.#kinits = next;
    return next;
  }

  /** The logged-on user's principal, its cache linked into the collection; undefined on Windows, where SSPI uses the logon session. */
  async loggedOnPrincipal(): Promise<string | undefined> {
    if (process.platform === 'win32') return undefined;
    return this.#linkUserCache();
  }

  /** Removes the collection and every ticket in it (the linked user cache itself is left alone). */
  dispose(): void {
    rmSync(this.#dir, { recursive: true, force: true });
  }

  async #linkUserCache(): Promise<string> {
    const env = kerberosToolEnv(this.#env, this.#userCacheName);
    const listed = await runKerberosTool('klist', [], env);
    const cache = /^Ticket cache:\s*(\S+)/m.exec(listed.stdout)?.[1];
    const principal = /^Default principal:\s*(\S+)/m.exec(listed.stdout)?.[1];
    if (listed.code !== 0 || !cache || !principal) {
      throw new DeskError('AUTH_FAILED', 'The logged-on user has no Kerberos ticket. Sign in to the domain (kinit), or save a credential for this host.', { settings: ['credential'] });
    }
    const file = /^FILE:(.+)$/.exec(cache)?.[1] ?? (cache.includes(':') ? null : cache);
    if (!file) {
      // Only the cache's type is named (KEYRING, KCM, …), never what follows it.
      const type = /^[A-Za-z]{1,16}(?=:)/.exec(cache)?.[0] ?? 'non-file';
      throw new DeskError('NOT_SUPPORTED', `The logged-on user's tickets are in a ${type} cache, which this app cannot share yet; save a credential for this host instead.`, { settings: ['credential'] });
    }
    // A DIR collection reads every tkt* file in it; a link keeps the user's renewals visible.
    const link = path.join(this.#dir, 'tkt-logged-on-user');
    try {
      if (lstatSync(link, { throwIfNoEntry: false })) unlinkSync(link);
      symlinkSync(path.resolve(file), link);
    } catch (error) {
      throw new DeskError('AUTH_FAILED', 'The logged-on user’s ticket cache could not be used.', { cause: error });
    }
    return principal;
  }
}

/**
 * Points this process's Kerberos library at the identities' collection. The `kerberos` package finds
 * credentials only through KRB5CCNAME, so this one process-wide setting is made once, when a surface
 * starts (the app at launch, the command line before its only session) — never per session.
 */
export function useCollectionForProcess(identities: KerberosIdentities, env: NodeJS.ProcessEnv = process.env): void {
  env['KRB5CCNAME'] = identities.collection;
}
