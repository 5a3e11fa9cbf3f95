import { z } from 'zod';

import { formatCsv } from './csv.ts';
import { folderPath } from './folder-paths.ts';
import { indexFolders, resolveHostSettings } from './host-inheritance.ts';
import { hostDefaultsSchema, hostProfileSchema, type HostDefaults, type HostProfile } from './host-profile.ts';
import type { ProfileDocument } from './profile-document.ts';

/**
 * What leaves the machine in an export: hosts and folders, never a secret, and never a credential or
 * proxy-profile id either (they point into this machine's vault and profiles and mean nothing, or
 * the wrong thing, elsewhere).
 */
const portableDefaultsSchema = hostDefaultsSchema.omit({ credentialId: true, proxyProfileId: true });

export const hostsFileSchema = z.strictObject({
  format: z.literal('winrm-desk-hosts'),
  version: z.literal(1),
  folders: z.array(z.strictObject({ path: z.string(), defaults: portableDefaultsSchema.default({}) })),
  hosts: z.array(hostProfileSchema.omit({ id: true, folderId: true, credentialId: true, proxyProfileId: true }).extend({ folder: z.string().optional() })),
});
export type HostsFile = z.output<typeof hostsFileSchema>;

export const CSV_COLUMNS = ['name', 'address', 'port', 'transport', 'auth', 'folder', 'tags', 'notes'] as const;

function portable<T extends HostDefaults>(values: T): Omit<T, 'credentialId' | 'proxyProfileId'> {
  const { credentialId: _c, proxyProfileId: _p, ...rest } = values;
  return rest;
}

/** Spreadsheets run a cell starting with = + - @ as a formula (CSV injection); a leading quote stops that. */
export function escapeCell(value: string): string {
  return /^[=+\-@\t\r]/.test(value) ? `'${value}` : value;
}

/**
 * CSV for spreadsheets and other tools: one row per host with the transport, port and authentication
 * it effectively uses (CSV has no folder defaults to inherit from), so a re-import behaves the same.
 */
export function exportHostsCsv(document: ProfileDocument): string {
  const folders = indexFolders(document.folders);
  const rows = document.hosts.map((host) => {
    const { settings } = resolveHostSettings(host, folders, document.settings.defaults);
    return [host.name, host.address, String(settings.port), settings.transport, settings.auth, folderPath(host.folderId, folders), host.tags.join('|'), host.notes].map(escapeCell);
  });
  return formatCsv([[...CSV_COLUMNS], ...rows]);
}

/** JSON keeps inheritance: hosts as saved (unset fields stay unset) plus every folder's defaults. */
export function exportHostsJson(document: ProfileDocument): string {
  const folders = indexFolders(document.folders);
  const file: HostsFile = {
    format: 'winrm-desk-hosts',
    version: 1,
    folders: document.folders.map((f) => ({ path: folderPath(f.id, folders), defaults: portable(f.defaults) })),
    hosts: document.hosts.map((host: HostProfile) => {
      const { id: _id, folderId, ...rest } = portable(host);
      return { ...rest, ...(folderId === undefined ? {} : { folder: folderPath(folderId, folders) }) };
    }),
  };
  return `${JSON.stringify(hostsFileSchema.parse(file), null, 2)}\n`;
}
