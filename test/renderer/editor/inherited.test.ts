import { describe, expect, it } from 'vitest';
import type { CredentialSummary } from '../../../shared/domain/credential.ts';
import type { SettingName } from '../../../shared/domain/host-inheritance.ts';
import type { HostDefaults } from '../../../shared/domain/host-profile.ts';
import { emptyProfileDocument, type ProfileDocument } from '../../../shared/domain/profile-document.ts';
import { inheritedSetting, type EditLevel } from '../../../renderer/src/editor/inherited.ts';

const LAB = 'f_labxxxxxx';
const RACK = 'f_rack2xxxxxx';
const SQUID = 'p_squidxxxxxx';
const NTLM = 'c_ntlmxxxxxx';

const credentials: CredentialSummary[] = [{ id: NTLM, label: 'Lab NTLM', userName: 'ntlmuser', kind: 'host', hasSecret: true }];

function documentWith(lab: HostDefaults, rack: HostDefaults, app: HostDefaults): ProfileDocument {
  return {
    ...emptyProfileDocument(),
    settings: { defaults: app, vaultAutoLockMinutes: 15 },
    folders: [
      { id: LAB, name: 'Lab', defaults: lab },
      { id: RACK, name: 'Rack 2', parentId: LAB, defaults: rack },
    ],
    proxyProfiles: [{ id: SQUID, name: 'Squid', access: 'manual', url: 'http://127.0.0.1:3128', bypass: [], auth: 'none', tunnelForHttp: false }],
  };
}

const doc = documentWith({ credentialId: NTLM, encryption: 'always' }, { proxyProfileId: SQUID, transport: 'http' }, { auth: 'ntlm', tls: { mode: 'insecure' }, shell: { codepage: 437 } });
const host = (values: HostDefaults): EditLevel => ({ kind: 'host', values, folderId: RACK });

type Row = [string, EditLevel, SettingName, string, string];

describe('the inherited value and where it comes from', () => {
  const rows: Row[] = [
    ['a host in Rack 2 takes the proxy profile of its own folder', host({}), 'proxyProfileId', 'Squid', 'from folder Lab/Rack 2'],
    ['…and the credential of the folder above', host({}), 'credentialId', 'Lab NTLM', 'from folder Lab'],
    ['…the scheme from the app defaults', host({}), 'auth', 'NTLM', 'app default'],
    ['…the shell codepage from the app defaults', host({}), 'codepage', '437', 'app default'],
    ['…message encryption from Lab', host({}), 'encryption', 'always', 'from folder Lab'],
    ['…the working directory from nowhere', host({}), 'workingDirectory', 'the server’s default', 'built-in default'],
    ['…the port of the transport its folder chose', host({}), 'port', '5985', 'default for HTTP'],
    ['a host that sets its own value still shows what it would inherit', host({ credentialId: null, auth: 'basic' }), 'credentialId', 'Lab NTLM', 'from folder Lab'],
    ['a host that switched to HTTPS gets the HTTPS port', host({ transport: 'https' }), 'port', '5986', 'default for HTTPS'],
    ['a host at the top level skips the folders', { kind: 'host', values: {}, folderId: undefined }, 'proxyProfileId', 'none (direct)', 'built-in default'],
    ['a folder inherits from its parent, not from itself', { kind: 'folder', values: { credentialId: null }, parentId: LAB }, 'credentialId', 'Lab NTLM', 'from folder Lab'],
    ['a top folder inherits the app defaults', { kind: 'folder', values: {}, parentId: undefined }, 'auth', 'NTLM', 'app default'],
    ['the app defaults have only the built-in values above them', { kind: 'defaults', values: { auth: 'ntlm' } }, 'auth', 'Negotiate', 'built-in default'],
    ['…the built-in TLS check', { kind: 'defaults', values: { tls: { mode: 'insecure' } } }, 'tls', 'system CAs', 'built-in default'],
    ['…the built-in transport and its port', { kind: 'defaults', values: {} }, 'port', '5986', 'default for HTTPS'],
  ];
  it.each(rows)('%s', (_, level, name, text, source) => {
    expect(inheritedSetting(level, name, doc, { credentials })).toMatchObject({ text, source });
  });

  it('marks verification off as insecure wherever it is inherited from', () => {
    expect(inheritedSetting(host({}), 'tls', doc, { credentials })).toEqual({ text: 'verification off', source: 'app default', insecure: true });
    expect(inheritedSetting({ kind: 'defaults', values: {} }, 'tls', doc, { credentials }).insecure).toBe(false);
  });

  it('says so when a linked credential is no longer in the vault, never showing its id', () => {
    const text = inheritedSetting(host({}), 'credentialId', doc, { credentials: [] }).text;
    expect(text).toBe('a credential no longer in the vault');
    expect(text).not.toContain(NTLM);
  });

  it('a port set by a folder applies only with the transport chosen at or below it', () => {
    const ported = documentWith({ port: 8443 }, {}, {});
    expect(inheritedSetting(host({}), 'port', ported, { credentials })).toMatchObject({ text: '8443', source: 'from folder Lab' });
    expect(inheritedSetting(host({ transport: 'http' }), 'port', ported, { credentials })).toMatchObject({ text: '5985', source: 'default for HTTP' });
  });
});
