import { z } from 'zod';

import { PROFILE_SCHEMA_VERSION, profileDocumentSchema, type ProfileDocument } from './profile-document.ts';
import { describeIssues } from './schema-issues.ts';

/**
 * Version 1, the first release's file: a flat host list with PowerShell-style flags, one optional
 * group name per host, comma-joined tags, and one global proxy URL applied to every host.
 * Kept verbatim (never edited) so that files written by that release keep loading.
 */
export const profileDocumentV1Schema = z.object({
  version: z.literal(1),
  hosts: z.array(
    z.object({
      id: z.string().min(1),
      name: z.string(),
      address: z.string(),
      port: z.number().optional(),
      useSsl: z.boolean().optional(),
      authentication: z.enum(['Default', 'Basic', 'Negotiate', 'Kerberos', 'NTLM']).optional(),
      group: z.string().optional(),
      tags: z.string().optional(),
      credentialId: z.string().optional(),
    }),
  ),
  proxy: z.object({ url: z.string(), bypass: z.array(z.string()).optional() }).nullable().optional(),
});
export type ProfileDocumentV1 = z.output<typeof profileDocumentV1Schema>;

const V1_AUTH = { Default: 'negotiate', Basic: 'basic', Negotiate: 'negotiate', Kerberos: 'kerberos', NTLM: 'ntlm' } as const;

// Ids must stay stable (other files and the UI's state refer to them), so v1 ids are kept, only
// prefixed and cleaned to the v2 pattern; new objects get ids derived from their position.
function v1HostId(id: string, index: number): string {
  const cleaned = id.replace(/[^A-Za-z0-9_-]/g, '').slice(0, 60);
  return cleaned.length >= 6 ? `h_${cleaned}` : `h_v1host${String(index).padStart(5, '0')}`;
}

/** v1 → v2. Nothing v1 held is dropped: every field has a v2 home. */
export function migrateV1ToV2(v1: ProfileDocumentV1): unknown {
  const groups = [...new Set(v1.hosts.map((h) => h.group?.trim()).filter((g): g is string => !!g))];
  const folderId = new Map(groups.map((name, index) => [name, `f_v1group${String(index).padStart(5, '0')}`]));
  const proxyId = 'p_v1proxy';
  return {
    version: 2,
    // v1 sent every host through its one proxy; keeping that as the global default keeps behaviour.
    settings: { defaults: v1.proxy ? { proxyProfileId: proxyId } : {} },
    folders: groups.map((name) => ({ id: folderId.get(name), name: name.replaceAll('/', '-') })),
    proxyProfiles: v1.proxy ? [{ id: proxyId, name: 'Proxy (from version 1)', access: 'manual', url: v1.proxy.url, bypass: v1.proxy.bypass ?? [] }] : [],
    hosts: v1.hosts.map((h, index) => ({
      id: v1HostId(h.id, index),
      name: h.name,
      address: h.address,
      ...(h.useSsl === undefined ? {} : { transport: h.useSsl ? 'https' : 'http' }),
      ...(h.port === undefined ? {} : { port: h.port }),
      ...(h.authentication === undefined ? {} : { auth: V1_AUTH[h.authentication] }),
      ...(h.credentialId ? { credentialId: h.credentialId } : {}),
      ...(h.group?.trim() ? { folderId: folderId.get(h.group.trim()) } : {}),
      tags: [...new Set((h.tags ?? '').split(',').map((t) => t.trim()).filter(Boolean))],
    })),
  };
}

export type ProfileReadResult =
  | { readonly ok: true; readonly document: ProfileDocument; readonly migratedFrom: number | null }
  | { readonly ok: false; readonly reason: string; readonly newerVersion?: number };

const MIGRATIONS: Record<number, { schema: z.ZodType; up: (doc: never) => unknown }> = {
  1: { schema: profileDocumentV1Schema, up: migrateV1ToV2 },
};

/** Parsed JSON of any version in, the current document out (or why not). Pure: the caller does the I/O. */
export function readProfileDocument(raw: unknown): ProfileReadResult {
  const version = typeof raw === 'object' && raw !== null && !Array.isArray(raw) ? (raw as { version?: unknown }).version : undefined;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) return { ok: false, reason: 'The file has no valid "version" field' };
  if (version > PROFILE_SCHEMA_VERSION) {
    return { ok: false, reason: `The file was written by a newer WinRM Desk (schema ${version}; this build reads up to ${PROFILE_SCHEMA_VERSION})`, newerVersion: version };
  }
  let doc = raw;
  for (let v = version; v < PROFILE_SCHEMA_VERSION; v++) {
    const step = MIGRATIONS[v]!;
    const parsed = step.schema.safeParse(doc);
    if (!parsed.success) return { ok: false, reason: `Schema ${v} file: ${describeIssues(parsed.error)}` };
    doc = step.up(parsed.data as never);
  }
  const parsed = profileDocumentSchema.safeParse(doc);
  if (!parsed.success) return { ok: false, reason: version === PROFILE_SCHEMA_VERSION ? describeIssues(parsed.error) : `After migrating from schema ${version}: ${describeIssues(parsed.error)}` };
  return { ok: true, document: parsed.data, migratedFrom: version === PROFILE_SCHEMA_VERSION ? null : version };
}
