import { describe, expect, it } from 'vitest';
import type { ConnectionFacts } from '../../../shared/domain/connection-facts.ts';
import { describeConnection } from '../../../renderer/src/shells/describe-connection.ts';

const SHA = 'AB:CD:EF:01';
const base: ConnectionFacts = {
  endpoint: 'https://dc01.corp.example:5986/wsman',
  route: 'direct',
  proxy: null,
  auth: 'negotiate',
  mechanism: 'kerberos',
  protection: 'tls',
  certificateVerification: true,
  certificateSha256: SHA,
  lanes: 2,
  shellId: 'C0FFEE',
  warnings: [],
};

describe('describeConnection', () => {
  it.each([
    { name: 'HTTPS, direct, Negotiate running Kerberos', facts: {}, expected: { protection: 'HTTPS', route: 'direct', auth: 'Negotiate · Kerberos', lanes: '2 pinned connections', warning: null } },
    { name: 'Negotiate before the mechanism is known', facts: { mechanism: null }, expected: { auth: 'Negotiate' } },
    { name: 'NTLM asked for and used: named once', facts: { auth: 'ntlm', mechanism: 'ntlm' }, expected: { auth: 'NTLM' } },
    { name: 'Negotiate falling back to NTLM', facts: { mechanism: 'ntlm' }, expected: { auth: 'Negotiate · NTLM' } },
    {
      name: 'HTTP with message encryption through a forward proxy',
      facts: { protection: 'message-encryption', route: 'forward', proxy: { host: 'proxy.corp', port: 3128, auth: 'none' }, certificateVerification: false, certificateSha256: null },
      expected: { protection: 'HTTP + message encryption', protectionShort: 'HTTP · encrypted', route: 'via proxy proxy.corp:3128 (forward)', warning: null },
    },
    { name: 'a CONNECT tunnel', facts: { route: 'tunnel', proxy: { host: 'proxy.corp', port: 8080, auth: 'basic' } }, expected: { route: 'via proxy proxy.corp:8080 (tunnel)' } },
    { name: 'an unverified certificate is a warning', facts: { certificateVerification: false }, expected: { protection: 'HTTPS', warning: 'certificate not verified' } },
    { name: 'no encryption at all is a warning', facts: { protection: 'none', certificateSha256: null }, expected: { protection: 'not encrypted', warning: 'not encrypted' } },
    { name: 'one pinned connection', facts: { lanes: 1 }, expected: { lanes: '1 pinned connection' } },
  ])('$name', ({ facts, expected }) => {
    expect(describeConnection({ ...base, ...facts } as ConnectionFacts)).toMatchObject(expected);
  });

  it('puts the certificate fingerprint, proxy authentication, shell and warnings in the hover text', () => {
    const d = describeConnection({
      ...base,
      route: 'tunnel',
      proxy: { host: 'proxy.corp', port: 8080, auth: 'negotiate' },
      certificateVerification: false,
      warnings: ['Certificate checks are off for this host.'],
    });
    expect(d.details.split('\n')).toEqual([
      'Endpoint: https://dc01.corp.example:5986/wsman',
      `Certificate SHA-256: ${SHA}`,
      "Certificate not verified: the server's identity was not checked.",
      'Proxy authentication: negotiate',
      'Shell: C0FFEE',
      'Warning: Certificate checks are off for this host.',
    ]);
  });
});
