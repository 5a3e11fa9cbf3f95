import { describe, expect, it } from 'vitest';
import { emptyProfileDocument, PROFILE_SCHEMA_VERSION } from '../../../shared/domain/profile-document.ts';
import { readProfileDocument } from '../../../shared/domain/profile-migrations.ts';

const V1_FILE = {
  version: 1,
  hosts: [
    { id: '3f2b9c1e-7a1d-4e0b-9f3a-2c8d4e5f6a7b', name: 'dc01', address: 'dc01.corp.example', useSsl: true, authentication: 'Kerberos', group: 'Domain controllers', tags: 'ad, core,ad' },
    { id: '8b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e', name: 'web01', address: 'web01.corp.example', port: 8080, useSsl: false, authentication: 'Default', credentialId: 'c_webadmin01' },
    { id: 'x', name: 'lab', address: '10.0.0.5' },
  ],
  proxy: { url: 'http://proxy.corp.example:3128', bypass: ['<local>', '*.lab'] },
};

describe('profile document versions', () => {
  it('migrates a version 1 file to the current schema without dropping anything', () => {
    const result = readProfileDocument(structuredClone(V1_FILE));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.migratedFrom).toBe(1);
    const doc = result.document;
    expect(doc.version).toBe(PROFILE_SCHEMA_VERSION);
    expect(doc.folders).toEqual([{ id: 'f_v1group00000', name: 'Domain controllers', defaults: {} }]);
    expect(doc.proxyProfiles).toEqual([expect.objectContaining({ id: 'p_v1proxy', access: 'manual', url: 'http://proxy.corp.example:3128', bypass: ['<local>', '*.lab'], auth: 'none', tunnelForHttp: false })]);
    expect(doc.settings.defaults.proxyProfileId).toBe('p_v1proxy');
    expect(doc.hosts).toEqual([
      { id: 'h_3f2b9c1e-7a1d-4e0b-9f3a-2c8d4e5f6a7b', name: 'dc01', address: 'dc01.corp.example', transport: 'https', auth: 'kerberos', folderId: 'f_v1group00000', tags: ['ad', 'core'], notes: '' },
      { id: 'h_8b1c2d3e-4f5a-6b7c-8d9e-0f1a2b3c4d5e', name: 'web01', address: 'web01.corp.example', transport: 'http', port: 8080, auth: 'negotiate', credentialId: 'c_webadmin01', tags: [], notes: '' },
      { id: 'h_v1host00002', name: 'lab', address: '10.0.0.5', tags: [], notes: '' },
    ]);
  });

  it('reads a current file as is', () => {
    const result = readProfileDocument(JSON.parse(JSON.stringify(emptyProfileDocument())));
    expect(result).toMatchObject({ ok: true, migratedFrom: null });
  });

  it('refuses a file from a newer build, saying so', () => {
    expect(readProfileDocument({ version: 99 })).toMatchObject({ ok: false, newerVersion: 99, reason: expect.stringMatching(/newer/) });
  });

  it.each([
    ['no version', { hosts: [] }, /version/],
    ['an array', [], /version/],
    ['a bad v1 host', { version: 1, hosts: [{ id: 'a', name: 'x' }] }, /Schema 1 file: hosts\[0\]\.address/],
    ['a v1 host that cannot become v2', { version: 1, hosts: [{ id: 'abcdefg', name: 'x', address: 'not a host!' }] }, /After migrating from schema 1: hosts\[0\]\.address/],
    ['an unknown key (never silently stripped)', { version: 2, hosts: [], extra: true }, /Unrecognized key/],
    ['a dangling folder link', { version: 2, hosts: [{ id: 'h_abcdefgh', name: 'a', address: 'a', folderId: 'f_nothere01' }] }, /hosts\[0\]\.folderId: The folder does not exist/],
    ['two hosts with one name', { version: 2, hosts: [{ id: 'h_abcdefgh', name: 'A', address: 'a' }, { id: 'h_abcdefgi', name: 'a', address: 'a' }] }, /hosts\[1\]: The name repeats hosts\[0\]/],
    ['a folder cycle', { version: 2, folders: [{ id: 'f_aaaaaaaa', name: 'a', parentId: 'f_bbbbbbbb' }, { id: 'f_bbbbbbbb', name: 'b', parentId: 'f_aaaaaaaa' }] }, /cycle/],
    ['a dangling proxy link', { version: 2, settings: { defaults: { proxyProfileId: 'p_nothere01' } } }, /settings\.defaults\.proxyProfileId/],
  ])('rejects %s', (_label, raw, reason) => {
    const result = readProfileDocument(raw);
    expect(result.ok).toBe(false);
    expect(result.ok ? '' : result.reason).toMatch(reason);
  });

  it('does not quote a rejected value in the reason (a hand-edited file may hold a password)', () => {
    const result = readProfileDocument({ version: 2, hosts: [{ id: 'h_abcdefgh', name: 'a', address: 'Sup3rS3cret!' }] });
    expect(result.ok ? '' : result.reason).not.toContain('Sup3rS3cret');
  });
});
