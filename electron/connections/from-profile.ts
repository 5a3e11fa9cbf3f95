import type { ProxyProfile } from '../../shared/domain/proxy-profile.ts';
import { DeskError } from '../../shared/errors.ts';
import type { Encryption } from '../../shared/policy/connection-plan-types.ts';
import type { ProxySources } from '../proxy/proxy-candidates.ts';
import type { CredentialVault } from '../store/credential-vault.ts';
import type { ProfileStore } from '../store/profile-store.ts';
import { resolveProfile, type ResolvedProfile } from '../store/resolve-profile.ts';
import { qualifiedUserName } from '../../shared/domain/credential.ts';
import { routesForProfile } from './proxy-routes.ts';
import type { ConnectionRequest, HostIdentity, ProxyCandidate, ProxyCredential, TlsSetting } from './request.ts';

export interface SavedHostOptions {
  /** Overrides the host's saved message-encryption setting (the command line's flag). */
  readonly encryption?: Encryption;
  readonly operationTimeoutSec?: number;
  /** Where the proxy profile's access type looks: the environment, the system resolver, WinHTTP. */
  readonly proxySources: ProxySources;
  /** Notes on how the route was chosen ("the bypass list names this host"). */
  readonly note?: (message: string) => void;
}

export interface SavedHostRequest {
  readonly request: ConnectionRequest;
  readonly profile: ResolvedProfile;
}

function proxyCredential(vault: CredentialVault | null, profile: ProxyProfile): ProxyCredential | undefined {
  if (!profile.credentialId) return undefined;
  if (!vault) throw new DeskError('NOT_FOUND', `The proxy profile "${profile.name}" uses a saved proxy credential, but there is no credential vault.`, { settings: ['proxyCredential'] });
  let identity;
  try {
    identity = vault.identity(profile.credentialId);
  } catch (error) {
    if (error instanceof DeskError && error.code === 'NOT_FOUND') throw new DeskError('NOT_FOUND', `The credential of the proxy profile "${profile.name}" is no longer in the vault; choose another.`, { settings: ['proxyCredential'] });
    throw error;
  }
  // A host credential signs in to hosts; handing it to a proxy would give it to the wrong party.
  if (identity.kind !== 'proxy') throw new DeskError('INVALID_ARGUMENT', `The credential "${identity.label}" is a host credential and cannot answer the proxy of "${profile.name}".`, { settings: ['proxyCredential'] });
  const id = identity.id;
  return { userName: qualifiedUserName(identity.userName, identity.domain), password: () => vault.withSecret(id, (secret) => secret) };
}

async function routesFor(profile: ProxyProfile | null, vault: CredentialVault | null, url: URL, options: SavedHostOptions): Promise<Array<ProxyCandidate | null>> {
  const { routes, notes } = await routesForProfile(profile, url, options.proxySources, () => (profile ? proxyCredential(vault, profile) : undefined));
  for (const note of notes) options.note?.(note);
  return routes;
}

/**
 * A saved host as a connection request: its inherited settings applied, its proxy profile turned
 * into routes, and its credentials from the vault — revealed only when the plan has accepted the
 * connection. The app and `exec --profile` both open saved hosts through this.
 */
export async function requestForSavedHost(store: ProfileStore, vault: CredentialVault | null, hostRef: string, options: SavedHostOptions): Promise<SavedHostRequest> {
  const profile = resolveProfile(store, vault, hostRef);
  const { connection } = profile;
  const ticketCache = connection.auth === 'kerberos' || connection.auth === 'negotiate';
  let identity: HostIdentity;
  if (profile.credential?.hasSecret) {
    identity = { kind: 'password', userName: connection.user ?? '', password: () => profile.withPassword((password) => password) };
  } else if (ticketCache) {
    identity = { kind: 'logged-on-user' };
  } else {
    throw new DeskError('INVALID_ARGUMENT', `"${profile.host.name}" has no saved credential with a password; link one to it.`, { settings: ['credential'] });
  }
  const tls: TlsSetting = connection.insecureSkipVerify
    ? { mode: 'insecure' }
    : connection.certThumbprint
      ? { mode: 'pin', sha256: connection.certThumbprint }
      : connection.caFile
        ? { mode: 'ca', caFile: connection.caFile }
        : { mode: 'system' };
  const request: ConnectionRequest = {
    endpoint: connection.url,
    auth: connection.auth,
    identity,
    ...(connection.spnHost ? { spnHost: connection.spnHost } : {}),
    ntlmFallback: connection.ntlmFallback,
    encryption: options.encryption ?? connection.encryption,
    tls,
    operationTimeoutSec: options.operationTimeoutSec ?? 20,
    shell: {
      codepage: connection.codepage,
      ...(connection.cwd ? { workingDirectory: connection.cwd } : {}),
      ...(Object.keys(connection.env).length ? { environment: connection.env } : {}),
    },
    routes: await routesFor(profile.proxyProfile, vault, connection.url, options),
  };
  return { request, profile };
}
