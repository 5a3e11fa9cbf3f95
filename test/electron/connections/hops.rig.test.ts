import { X509Certificate } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { describe, expect, inject, it } from 'vitest';
import { openShell } from '../../../electron/connections/open-session.ts';
import type { ConnectionRequest } from '../../../electron/connections/request.ts';
import { TlsSessionCache } from '../../../electron/http/tls-session-cache.ts';
import type { SessionHopEvent } from '../../../electron/sessions/session.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { noKerberos, rigNtlmRequest } from '../../support/rig-request.ts';
import { shellLine } from '../../support/shell-line.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
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

describe('TLS session resumption across one owner’s sessions', () => {
  const tunnel = { host: '127.0.0.1', port: rig.squid.authPort, auth: 'basic' as const, tunnelHttp: false, credential: { userName: rig.squid.basicUser, password: async () => rig.squid.basicPassword } };

  it.each<[string, ConnectionRequest['routes']]>([
    ['direct', [null]],
    ['through a CONNECT tunnel', [tunnel]],
  ])('%s: a second session resumes the first one’s TLS session, signs in with NTLM bound to the same certificate and runs a command', async (_name, routes) => {
    const tlsSessions = new TlsSessionCache();
    const resumedBefore = (await control.counters()).tlsResumed;
    const opens: Array<{ hops: SessionHopEvent[]; output: string; facts: ReturnType<Awaited<ReturnType<typeof openShell>>['facts']> }> = [];
    for (let i = 0; i < 2; i++) {
      const hops: SessionHopEvent[] = [];
      const opened = await openShell(ntlmRequest('https', routes), { kerberos: noKerberos, tlsSessions, onHop: (hop) => hops.push(hop) });
      try {
        opens.push({ hops, output: await shellLine(opened, `echo session ${i}`), facts: opened.facts() });
      } finally {
        await opened.dispose();
      }
    }
    const [first, second] = opens as [(typeof opens)[0], (typeof opens)[0]];
    const tls = (o: (typeof opens)[0]) => o.hops.find((h) => h.stage === 'tls')!;
    expect(tls(first).resumed).toBeUndefined();
    expect(tls(second)).toMatchObject({ resumed: true, detail: expect.stringMatching(/\(session resumed\)$/) });
    expect(second.hops.map((h) => h.stage)).toEqual(first.hops.map((h) => h.stage));
    const certificate = new X509Certificate(readFileSync(rig.ca.serverCertPath));
    expect(tls(second).certificateSha256).toBe(certificate.fingerprint256);
    expect(second.facts).toMatchObject({ certificateSha256: certificate.fingerprint256, protection: 'tls', mechanism: 'ntlm' });
    expect([first.output, second.output]).toEqual(['session 0\n', 'session 1\n']);
    // The server's own view: exactly the second session's connection resumed.
    expect((await control.counters()).tlsResumed - resumedBefore).toBe(1);
  });

  it('without the owner’s cache every session makes a full handshake', async () => {
    const resumedBefore = (await control.counters()).tlsResumed;
    const { hops } = await hopsOf(ntlmRequest('https', [null]));
    const again = await hopsOf(ntlmRequest('https', [null]));
    expect([hops, again.hops].map((h) => h.find((x) => x.stage === 'tls')!.resumed)).toEqual([undefined, undefined]);
    expect((await control.counters()).tlsResumed).toBe(resumedBefore);
  });
});
