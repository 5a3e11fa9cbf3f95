import { qualifiedUserName } from '../../shared/domain/credential.ts';
import type { EffectiveHostSettings } from '../../shared/domain/host-inheritance.ts';
import type { HostAuthScheme, HostProfile } from '../../shared/domain/host-profile.ts';
import type { ProxyProfile } from '../../shared/domain/proxy-profile.ts';
import type { Encryption } from '../../shared/policy/connection-plan-types.ts';
import { DeskError } from '../../shared/errors.ts';
import type { CredentialIdentity, CredentialVault } from './credential-vault.ts';
import type { ProfileStore } from './profile-store.ts';

/** The connection fields of electron/cli/options.ts's ConnectionOptions, as a saved host supplies them. */
export interface ProfileConnection {
  readonly url: URL;
  readonly auth: HostAuthScheme;
  readonly ntlmFallback: boolean;
  readonly encryption: Encryption;
  /** `DOMAIN\user` or as saved; null when the host has no credential (ticket-cache Kerberos). */
  readonly user: string | null;
  readonly spnHost: string | undefined;
  readonly caFile: string | undefined;
  readonly certThumbprint: string | undefined;
  readonly insecureSkipVerify: boolean;
  readonly codepage: number;
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string>>;
}

export interface ResolvedProfile {
  readonly host: HostProfile;
  readonly connection: ProfileConnection;
  readonly proxyProfile: ProxyProfile | null;
  readonly credential: CredentialIdentity | null;
  /**
   * Decrypts the host's password for as long as `use` runs (VAULT_LOCKED if the vault is locked,
   * NOT_FOUND if the host has no credential or it has no secret).
   */
  withPassword<T>(use: (password: string) => Promise<T> | T): Promise<T>;
}

/** The URL a host's WinRM listener has; an IPv6 literal needs brackets, and addresses are saved without them. */
export function hostEndpoint(address: string, settings: Pick<EffectiveHostSettings, 'transport' | 'port'>): URL {
  const host = address.includes(':') ? `[${address}]` : address;
  return new URL(`${settings.transport}://${host}:${settings.port}/wsman`);
}

/**
 * Everything `exec --profile NAME` needs from a saved host: its inherited settings applied, its
 * credential's user name (readable while the vault is locked), and a way to get the password only
 * when the connection is made.
 */
export function resolveProfile(store: ProfileStore, vault: CredentialVault | null, name: string): ResolvedProfile {
  const host = store.findHost(name);
  const { settings } = store.resolve(host);

  let credential: CredentialIdentity | null = null;
  if (settings.credentialId !== null) {
    if (!vault) throw new DeskError('NOT_FOUND', `The host "${host.name}" uses a saved credential, but there is no credential vault.`);
    try {
      credential = vault.identity(settings.credentialId);
    } catch (error) {
      if (error instanceof DeskError && error.code === 'NOT_FOUND') throw new DeskError('NOT_FOUND', `The credential saved for "${host.name}" is no longer in the vault; choose another.`);
      throw error;
    }
    // A proxy credential answers a proxy; sending it to a host would hand it to the wrong party.
    if (credential.kind !== 'host') throw new DeskError('INVALID_ARGUMENT', `The credential "${credential.label}" is a proxy credential and cannot sign in to "${host.name}".`);
  }

  // The document schema guarantees the link resolves.
  const proxyProfile = settings.proxyProfileId === null ? null : (store.document().proxyProfiles.find((p) => p.id === settings.proxyProfileId) ?? null);

  const { tls } = settings;
  const connection: ProfileConnection = {
    url: hostEndpoint(host.address, settings),
    auth: settings.auth,
    ntlmFallback: settings.allowNtlmFallback,
    encryption: settings.encryption,
    user: credential ? qualifiedUserName(credential.userName, credential.domain) : null,
    spnHost: host.spnHost,
    caFile: tls.mode === 'ca' ? tls.caFile : undefined,
    certThumbprint: tls.mode === 'pin' ? tls.sha256 : undefined,
    insecureSkipVerify: tls.mode === 'insecure',
    codepage: settings.codepage,
    cwd: settings.workingDirectory ?? undefined,
    env: settings.environment,
  };

  return {
    host,
    connection,
    proxyProfile,
    credential,
    withPassword: (use) => {
      if (!credential || !vault) return Promise.reject(new DeskError('NOT_FOUND', `The host "${host.name}" has no saved credential; link one to it.`, { settings: ['credential'] }));
      return vault.withSecret(credential.id, (secret) => use(secret));
    },
  };
}
