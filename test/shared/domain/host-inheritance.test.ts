import { describe, expect, it } from 'vitest';
import { folderChain, resolveHostSettings } from '../../../shared/domain/host-inheritance.ts';
import type { Folder, HostProfile } from '../../../shared/domain/host-profile.ts';

const host = (extra: Partial<HostProfile> = {}): HostProfile => ({ id: 'h_web0001', name: 'web01', address: 'web01.corp', tags: [], notes: '', ...extra });
const prod: Folder = { id: 'f_prod0001', name: 'Prod', defaults: { transport: 'https', port: 15986, auth: 'kerberos', credentialId: 'c_prodadmin', shell: { codepage: 437 } } };
const web: Folder = { id: 'f_web00001', name: 'Web', parentId: 'f_prod0001', defaults: { auth: 'ntlm', tls: { mode: 'insecure' } } };
const folders = [prod, web];

describe('host settings inheritance', () => {
  it('uses built-in defaults when nothing is set anywhere', () => {
    const { settings, sources } = resolveHostSettings(host(), [], {});
    expect(settings).toEqual({ transport: 'https', port: 5986, auth: 'negotiate', allowNtlmFallback: false, encryption: 'auto', credentialId: null, proxyProfileId: null, tls: { mode: 'system' }, codepage: 65001, workingDirectory: null, environment: {} });
    expect(sources.auth).toEqual({ kind: 'built-in' });
  });

  it('takes the nearest folder first, then outer folders, then the global defaults', () => {
    const { settings, sources } = resolveHostSettings(host({ folderId: 'f_web00001' }), folders, { proxyProfileId: 'p_corpproxy', shell: { workingDirectory: 'C:\\' } });
    expect(settings).toMatchObject({ auth: 'ntlm', tls: { mode: 'insecure' }, credentialId: 'c_prodadmin', codepage: 437, proxyProfileId: 'p_corpproxy', workingDirectory: 'C:\\', transport: 'https', port: 15986 });
    expect(sources.auth).toEqual({ kind: 'folder', folderId: 'f_web00001' });
    expect(sources.credentialId).toEqual({ kind: 'folder', folderId: 'f_prod0001' });
    expect(sources.proxyProfileId).toEqual({ kind: 'global' });
  });

  it('lets the host win over every folder', () => {
    const { settings, sources } = resolveHostSettings(host({ folderId: 'f_web00001', auth: 'basic', shell: { codepage: 65001 } }), folders, { auth: 'kerberos' });
    expect(settings.auth).toBe('basic');
    expect(settings.codepage).toBe(65001);
    expect(sources.auth).toEqual({ kind: 'host' });
  });

  it('treats null as an explicit "none" that stops inheritance of a link', () => {
    const { settings, sources } = resolveHostSettings(host({ folderId: 'f_prod0001', credentialId: null, proxyProfileId: null }), folders, { proxyProfileId: 'p_corpproxy' });
    expect(settings.credentialId).toBeNull();
    expect(settings.proxyProfileId).toBeNull();
    expect(sources.proxyProfileId).toEqual({ kind: 'host' });
  });

  it('does not carry a folder port onto a host that chose another transport', () => {
    const { settings, sources } = resolveHostSettings(host({ folderId: 'f_prod0001', transport: 'http' }), folders, {});
    expect(settings).toMatchObject({ transport: 'http', port: 5985 });
    expect(sources.port).toEqual({ kind: 'host' });
  });

  it('keeps a port set at the same level as the transport, or nearer', () => {
    expect(resolveHostSettings(host({ folderId: 'f_prod0001', transport: 'http', port: 8080 }), folders, {}).settings.port).toBe(8080);
    expect(resolveHostSettings(host({ folderId: 'f_prod0001', port: 443 }), folders, {}).settings.port).toBe(443);
  });

  it('replaces an environment block whole rather than merging it', () => {
    const f: Folder = { id: 'f_envfold1', name: 'Env', defaults: { shell: { environment: { A: '1', B: '2' } } } };
    const { settings } = resolveHostSettings(host({ folderId: 'f_envfold1', shell: { environment: { B: '3' } } }), [f], {});
    expect(settings.environment).toEqual({ B: '3' });
  });

  it('survives a folder cycle or a missing folder without looping', () => {
    const a: Folder = { id: 'f_aaaaaaaa', name: 'A', parentId: 'f_bbbbbbbb', defaults: { auth: 'basic' } };
    const b: Folder = { id: 'f_bbbbbbbb', name: 'B', parentId: 'f_aaaaaaaa', defaults: {} };
    expect(folderChain('f_aaaaaaaa', [a, b]).map((f) => f.id)).toEqual(['f_aaaaaaaa', 'f_bbbbbbbb']);
    expect(resolveHostSettings(host({ folderId: 'f_missing01' }), [a, b], {}).settings.auth).toBe('negotiate');
  });
});
