import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { openShell } from '../../../electron/connections/open-session.ts';
import type { ConnectionRequest } from '../../../electron/connections/request.ts';
import type { SessionHopEvent } from '../../../electron/sessions/session.ts';
import { noKerberos, rigNtlmRequest } from '../../support/rig-request.ts';

const rig = inject('rig');
const ntlmRequest = (transport: 'http' | 'https', routes: ConnectionRequest['routes']) => rigNtlmRequest(rig, transport, { routes });

async function hopsOf(request: ConnectionRequest): Promise<{ hops: SessionHopEvent[]; facts: ReturnType<Awaited<ReturnType<typeof openShell>>['facts']> }> {
  const hops: SessionHopEvent[] = [];
  const opened = await openShell(request, { kerberos: noKerberos, onHop: (hop) => hops.push(hop) });
  try {
    return { hops, facts: opened.facts() };
  } finally {
    await opened.dispose();
  }
}

describe('hop events', () => {
  it('reports TCP to the proxy, proxy auth, CONNECT, TLS with the certificate, sign-in, protection and the shell, in order', async () => {
    const route = { host: '127.0.0.1', port: rig.squid.authPort, auth: 'basic' as const, tunnelHttp: false, credential: { userName: rig.squid.basicUser, password: async () => rig.squid.basicPassword } };
    const { hops, facts } = await hopsOf(ntlmRequest('https', [route]));
    // `certificate` comes before its verdict (`tls`); `challenge` is the server's 401 to the first NTLM leg.
    expect(hops.map((h) => h.stage)).toEqual(['tcp', 'proxy-auth', 'connect', 'certificate', 'tls', 'challenge', 'winrm-auth', 'encryption', 'shell']);
    expect(hops.find((h) => h.stage === 'challenge')).toMatchObject({ challenger: 'server', offeredSchemes: ['Negotiate'] });
    expect(hops[0]!.detail).toBe(`127.0.0.1:${rig.squid.authPort}`);
    const certificate = new X509Certificate(readFileSync(rig.ca.serverCertPath));
    expect(hops.find((h) => h.stage === 'tls')!.certificateSha256).toBe(certificate.fingerprint256);
    expect(hops.find((h) => h.stage === 'certificate')!.certificate).toMatchObject({ sha256: certificate.fingerprint256 });
    expect(hops.find((h) => h.stage === 'winrm-auth')!.mechanism).toBe('ntlm');
    expect(facts).toMatchObject({ route: 'tunnel', proxy: { host: '127.0.0.1', port: rig.squid.authPort, auth: 'basic' }, certificateSha256: certificate.fingerprint256, protection: 'tls', mechanism: 'ntlm' });
  });

  it('reports name resolution for a host name, and sealing over HTTP', async () => {
    const request = { ...ntlmRequest('http', [null]), endpoint: new URL(`http://localhost:${rig.winrm.httpPort}/wsman`) };
    const { hops, facts } = await hopsOf(request);
    expect(hops.map((h) => h.stage)).toEqual(['dns', 'tcp', 'challenge', 'winrm-auth', 'encryption', 'shell']);
    expect(hops[0]!.detail).toMatch(/^localhost → (127\.0\.0\.1|::1)$/);
    expect(hops.find((h) => h.stage === 'encryption')).toMatchObject({ sealed: true });
    expect(facts).toMatchObject({ route: 'direct', protection: 'message-encryption', certificateSha256: null });
  });
});
