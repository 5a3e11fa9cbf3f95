import type { CredentialSummary } from '../../../shared/domain/credential.ts';
import { folderPath } from '../../../shared/domain/folder-paths.ts';
import { resolveHostSettings, type EffectiveHostSettings, type SettingName, type SettingSource } from '../../../shared/domain/host-inheritance.ts';
import type { Folder, HostDefaults, HostProfile, TlsOptions } from '../../../shared/domain/host-profile.ts';
import type { ProfileDocument } from '../../../shared/domain/profile-document.ts';
import { defaultPort } from '../../../shared/domain/transport.ts';
import { withoutSetting } from './settings-fields.ts';

/**
 * What an editor edits: a host's own values, a folder's defaults or the app's. Each inherits from the
 * levels above it — a host from its folders then the app defaults, a folder from its parents then the
 * app defaults, the app defaults from the built-in ones only.
 */
export type EditLevel =
  | { readonly kind: 'host'; readonly values: HostDefaults; readonly folderId: string | undefined }
  | { readonly kind: 'folder'; readonly values: HostDefaults; readonly parentId: string | undefined }
  | { readonly kind: 'defaults'; readonly values: HostDefaults };

/** The names the editor shows for the linked entities; ids mean nothing to an admin. */
export interface EditorNames {
  readonly credentials: readonly CredentialSummary[];
}

export interface InheritedSetting {
  /** The value that applies when this level leaves the setting unset, as the admin reads it. */
  readonly text: string;
  /** Where it comes from: "from folder Lab/Rack 2", "app default", "built-in default". */
  readonly source: string;
  /** Verification off somewhere above: the editor shows it in red even when inherited. */
  readonly insecure: boolean;
}

const LEVEL_ID = 'h_editor-level';

// The level as the first rung of the inheritance ladder: a host's folder chain starts at its folder,
// a folder's at its parent; the app defaults have nothing above them but the built-in values.
function resolveLevel(level: EditLevel, values: HostDefaults, document: ProfileDocument) {
  const rung: HostProfile = { id: LEVEL_ID, name: 'level', address: 'level', tags: [], notes: '', ...values };
  if (level.kind === 'defaults') return resolveHostSettings(rung, [], {});
  const folderId = level.kind === 'host' ? level.folderId : level.parentId;
  return resolveHostSettings({ ...rung, ...(folderId === undefined ? {} : { folderId }) }, document.folders, document.settings.defaults);
}

export function sourceLabel(source: SettingSource, folders: readonly Folder[]): string {
  switch (source.kind) {
    case 'folder':
      return `from folder ${folderPath(source.folderId, folders)}`;
    case 'global':
      return 'app default';
    case 'built-in':
      return 'built-in default';
    case 'host':
      return 'set here';
  }
}

const AUTH_NAMES = { basic: 'Basic', ntlm: 'NTLM', negotiate: 'Negotiate', kerberos: 'Kerberos' } as const;

export function tlsText(tls: TlsOptions): string {
  switch (tls.mode) {
    case 'system':
      return 'system CAs';
    case 'ca':
      return `CA file ${tls.caFile}`;
    case 'pin':
      return `pinned ${tls.sha256.slice(0, 16)}…`;
    case 'insecure':
      return 'verification off';
  }
}

/** A resolved value in the words the editor uses for it. */
export function settingText<K extends SettingName>(name: K, value: EffectiveHostSettings[K], document: ProfileDocument, names: EditorNames): string {
  const v = value as EffectiveHostSettings[SettingName];
  switch (name) {
    case 'transport':
      return (v as string).toUpperCase();
    case 'port':
    case 'codepage':
      return String(v);
    case 'auth':
      return AUTH_NAMES[v as keyof typeof AUTH_NAMES];
    case 'allowNtlmFallback':
      return v ? 'allowed' : 'not allowed';
    case 'encryption':
      return v as string;
    case 'credentialId':
      if (v === null) return 'none';
      return names.credentials.find((c) => c.id === v)?.label ?? 'a credential no longer in the vault';
    case 'proxyProfileId':
      if (v === null) return 'none (direct)';
      return document.proxyProfiles.find((p) => p.id === v)?.name ?? 'a proxy profile that no longer exists';
    case 'tls':
      return tlsText(v as TlsOptions);
    case 'workingDirectory':
      return v === null ? 'the server’s default' : (v as string);
    case 'environment': {
      const entries = Object.entries(v as Record<string, string>);
      return entries.length === 0 ? 'none' : entries.map(([k, val]) => `${k}=${val}`).join(', ');
    }
  }
  return String(v);
}

/**
 * What the setting would be if this level left it unset, and where that comes from. The port is
 * the one setting that depends on another: with no port of its own, a level takes the default of
 * whichever transport applies ("default for HTTPS").
 */
export function inheritedSetting(level: EditLevel, name: SettingName, document: ProfileDocument, names: EditorNames): InheritedSetting {
  const { settings, sources } = resolveLevel(level, withoutSetting(level.values, name), document);
  const source = sources[name];
  const insecure = name === 'tls' && settings.tls.mode === 'insecure';
  const text = settingText(name, settings[name], document, names);
  if (name === 'port' && (source.kind === 'host' || settings.port === defaultPort(settings.transport))) {
    return { text, source: `default for ${settings.transport.toUpperCase()}`, insecure };
  }
  return { text, source: sourceLabel(source, document.folders), insecure };
}
