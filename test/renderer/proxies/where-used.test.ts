import { describe, expect, it } from 'vitest';
import { profileDocumentSchema, PROFILE_SCHEMA_VERSION } from '../../../shared/domain/profile-document.ts';
import { isUnused, linkUsers, viaText } from '../../../renderer/src/proxies/where-used.ts';

const SQUID = 'p_squid000';
const OTHER = 'p_other000';

// Lab (Squid) > Rack 2 (inherits) > hosts; Prod sets "none"; the app defaults name the other profile.
const doc = profileDocumentSchema.parse({
  version: PROFILE_SCHEMA_VERSION,
  settings: { defaults: { proxyProfileId: OTHER } },
  proxyProfiles: [
    { id: SQUID, name: 'Squid', access: 'manual', url: 'http://squid:3128' },
    { id: OTHER, name: 'Other', access: 'system' },
  ],
  folders: [
    { id: 'f_lab0000', name: 'Lab', defaults: { proxyProfileId: SQUID } },
    { id: 'f_rack200', name: 'Rack 2', parentId: 'f_lab0000' },
    { id: 'f_prod000', name: 'Prod', defaults: { proxyProfileId: null } },
  ],
  hosts: [
    { id: 'h_direct01', name: 'direct', address: 'a', proxyProfileId: SQUID },
    { id: 'h_lab00001', name: 'in-lab', address: 'b', folderId: 'f_lab0000' },
    { id: 'h_rack0001', name: 'in-rack', address: 'c', folderId: 'f_rack200' },
    { id: 'h_rackown1', name: 'rack-own', address: 'd', folderId: 'f_rack200', proxyProfileId: OTHER },
    { id: 'h_racknone', name: 'rack-none', address: 'e', folderId: 'f_rack200', proxyProfileId: null },
    { id: 'h_prod0001', name: 'in-prod', address: 'f', folderId: 'f_prod000' },
    { id: 'h_top00001', name: 'top', address: 'g' },
  ],
});

describe('where a proxy profile is used', () => {
  it('lists hosts that set it and hosts that inherit it through a folder, nearest folder first', () => {
    const users = linkUsers(doc, 'proxyProfileId', SQUID);
    expect(users.defaults).toBe(false);
    expect(users.folders).toEqual([{ id: 'f_lab0000', path: 'Lab' }]);
    expect(users.hosts.map((h) => [h.name, viaText(h.via)])).toEqual([
      ['direct', 'set on the host'],
      ['in-lab', 'from folder Lab'],
      ['in-rack', 'from folder Lab'],
    ]);
  });

  it('takes the app defaults where no folder decides, and an explicit none stops inheritance', () => {
    const users = linkUsers(doc, 'proxyProfileId', OTHER);
    expect(users.defaults).toBe(true);
    expect(users.hosts.map((h) => [h.name, viaText(h.via)])).toEqual([
      ['rack-own', 'set on the host'],
      ['top', 'from the app defaults'],
    ]);
  });

  it('says when nothing uses it', () => {
    expect(isUnused(linkUsers(doc, 'proxyProfileId', 'p_unknown0'))).toBe(true);
    expect(isUnused(linkUsers(doc, 'proxyProfileId', SQUID))).toBe(false);
  });

  it('ends the walk at a folder cycle instead of looping', () => {
    const cyclic = {
      ...doc,
      folders: [
        { id: 'f_loopa000', name: 'A', parentId: 'f_loopb000', defaults: {} },
        { id: 'f_loopb000', name: 'B', parentId: 'f_loopa000', defaults: {} },
      ],
      hosts: [{ ...doc.hosts[1]!, folderId: 'f_loopa000' }],
    };
    expect(linkUsers(cyclic, 'proxyProfileId', OTHER).hosts.map((h) => viaText(h.via))).toEqual(['from the app defaults']);
  });
});
