import { describe, expect, it } from 'vitest';
import { profileDocumentSchema, PROFILE_SCHEMA_VERSION } from '../../../shared/domain/profile-document.ts';
import { credentialUnused, credentialUsers } from '../../../renderer/src/credentials/credential-users.ts';
import { viaText } from '../../../renderer/src/proxies/where-used.ts';

const ADMIN = 'c_admin000';
const PROXY = 'c_proxy000';

const doc = profileDocumentSchema.parse({
  version: PROFILE_SCHEMA_VERSION,
  settings: { defaults: { credentialId: ADMIN } },
  proxyProfiles: [{ id: 'p_squid000', name: 'Squid', access: 'manual', url: 'http://squid:3128', auth: 'basic', credentialId: PROXY }],
  folders: [{ id: 'f_lab0000', name: 'Lab', defaults: { credentialId: null } }],
  hosts: [
    { id: 'h_top00001', name: 'top', address: 'a' },
    { id: 'h_lab00001', name: 'in-lab', address: 'b', folderId: 'f_lab0000' },
    { id: 'h_labown01', name: 'lab-own', address: 'c', folderId: 'f_lab0000', credentialId: ADMIN },
  ],
});

describe('where a credential is used', () => {
  it('names the hosts (set or inherited), the defaults and no proxy profile for a host credential', () => {
    const users = credentialUsers(doc, ADMIN);
    expect(users.defaults).toBe(true);
    expect(users.folders).toEqual([]);
    expect(users.proxyProfiles).toEqual([]);
    expect(users.hosts.map((h) => [h.name, viaText(h.via)])).toEqual([
      ['top', 'from the app defaults'],
      ['lab-own', 'set on the host'],
    ]);
    expect(credentialUnused(users)).toBe(false);
  });

  it('names the proxy profiles that answer their proxy with a proxy credential', () => {
    const users = credentialUsers(doc, PROXY);
    expect(users.proxyProfiles).toEqual([{ id: 'p_squid000', name: 'Squid' }]);
    expect(users.hosts).toEqual([]);
    expect(credentialUnused(users)).toBe(false);
  });

  it('says when nothing uses it', () => {
    expect(credentialUnused(credentialUsers(doc, 'c_unused00'))).toBe(true);
  });
});
