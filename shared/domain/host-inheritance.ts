import type { Encryption } from '../policy/connection-plan-types.ts';
import type { Folder, HostAuthScheme, HostDefaults, HostProfile, TlsOptions } from './host-profile.ts';
import { defaultPort, type Transport } from './transport.ts';

/** What a connection to a host actually uses once inheritance is applied. */
export interface EffectiveHostSettings {
  readonly transport: Transport;
  readonly port: number;
  readonly auth: HostAuthScheme;
  readonly allowNtlmFallback: boolean;
  readonly encryption: Encryption;
  readonly credentialId: string | null;
  readonly proxyProfileId: string | null;
  readonly tls: TlsOptions;
  readonly codepage: number;
  readonly workingDirectory: string | null;
  readonly environment: Readonly<Record<string, string>>;
}

export type SettingSource = { readonly kind: 'host' } | { readonly kind: 'folder'; readonly folderId: string } | { readonly kind: 'global' } | { readonly kind: 'built-in' };

export type SettingName = keyof EffectiveHostSettings;

export interface ResolvedHostSettings {
  readonly settings: EffectiveHostSettings;
  /** Where each value came from, so the UI and `profiles show` can say "inherited from folder Prod". */
  readonly sources: Readonly<Record<SettingName, SettingSource>>;
}

// Windows' own defaults: Negotiate is what WinRM clients use unless told otherwise; UTF-8 output.
export const BUILT_IN_DEFAULTS = {
  transport: 'https',
  auth: 'negotiate',
  encryption: 'auto',
  tls: { mode: 'system' },
  codepage: 65001,
} as const satisfies Partial<EffectiveHostSettings>;

interface Level {
  readonly values: HostDefaults;
  readonly source: SettingSource;
}

/**
 * Folders by id. Resolving many hosts (a host list, an export) takes one index, built once: building
 * it for each host made a list of 20 000 hosts in 20 000 folders quadratic.
 */
export type FolderIndex = ReadonlyMap<string, Folder>;

export function indexFolders(folders: readonly Folder[]): FolderIndex {
  return new Map(folders.map((f) => [f.id, f]));
}

const asIndex = (folders: readonly Folder[] | FolderIndex): FolderIndex => (Array.isArray(folders) ? indexFolders(folders) : (folders as FolderIndex));

/** Host's folder first, then its parent, and so on; stops at a cycle or a missing folder (never loops). */
export function folderChain(folderId: string | undefined, folders: readonly Folder[] | FolderIndex): Folder[] {
  const byId = asIndex(folders);
  const chain: Folder[] = [];
  const seen = new Set<string>();
  for (let id = folderId; id !== undefined && !seen.has(id); ) {
    const folder = byId.get(id);
    if (!folder) break;
    seen.add(id);
    chain.push(folder);
    id = folder.parentId;
  }
  return chain;
}

function pick<T>(levels: readonly Level[], get: (d: HostDefaults) => T | undefined): { value: T; source: SettingSource; depth: number } | null {
  for (const [depth, level] of levels.entries()) {
    const value = get(level.values);
    if (value !== undefined) return { value, source: level.source, depth };
  }
  return null;
}

/**
 * A field the host leaves unset takes the nearest folder's value, then the global default, then the
 * built-in one. Fields are inherited whole (an environment block is replaced, not merged), so what a
 * level shows is what applies.
 *
 * The port is the exception: a port travels with the transport it was chosen for, so a port set
 * further away than the level that chose the transport is ignored in favour of that transport's
 * default (a folder's custom HTTPS port must not leak onto a host switched to HTTP).
 */
export function resolveHostSettings(host: HostProfile, folders: readonly Folder[] | FolderIndex, globalDefaults: HostDefaults): ResolvedHostSettings {
  const levels: Level[] = [
    { values: host, source: { kind: 'host' } },
    ...folderChain(host.folderId, folders).map((f): Level => ({ values: f.defaults, source: { kind: 'folder', folderId: f.id } })),
    { values: globalDefaults, source: { kind: 'global' } },
  ];
  const builtIn: SettingSource = { kind: 'built-in' };
  const sources = {} as Record<SettingName, SettingSource>;
  function take<K extends SettingName>(name: K, get: (d: HostDefaults) => EffectiveHostSettings[K] | undefined, fallback: EffectiveHostSettings[K]): EffectiveHostSettings[K] {
    const found = pick(levels, get);
    sources[name] = found ? found.source : builtIn;
    return found ? found.value : fallback;
  }

  const transportPick = pick(levels, (d) => d.transport);
  const portPick = pick(levels, (d) => d.port);
  const transport = transportPick?.value ?? BUILT_IN_DEFAULTS.transport;
  sources.transport = transportPick?.source ?? builtIn;
  const portApplies = portPick !== null && (transportPick === null || portPick.depth <= transportPick.depth);
  sources.port = portApplies ? portPick.source : sources.transport;

  const settings: EffectiveHostSettings = {
    transport,
    port: portApplies ? portPick.value : defaultPort(transport),
    auth: take('auth', (d) => d.auth, BUILT_IN_DEFAULTS.auth),
    allowNtlmFallback: take('allowNtlmFallback', (d) => d.allowNtlmFallback, false),
    encryption: take('encryption', (d) => d.encryption, BUILT_IN_DEFAULTS.encryption),
    credentialId: take('credentialId', (d) => d.credentialId, null),
    proxyProfileId: take('proxyProfileId', (d) => d.proxyProfileId, null),
    tls: take('tls', (d) => d.tls, BUILT_IN_DEFAULTS.tls),
    codepage: take('codepage', (d) => d.shell?.codepage, BUILT_IN_DEFAULTS.codepage),
    workingDirectory: take('workingDirectory', (d) => d.shell?.workingDirectory, null),
    environment: take('environment', (d) => d.shell?.environment, {}),
  };
  return { settings, sources };
}
