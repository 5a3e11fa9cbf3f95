import { describe, expect, it } from 'vitest';
import type { z } from 'zod';
import { planForHost } from '../../../electron/connections/host-plan.ts';
import type { ProxySources } from '../../../electron/proxy/proxy-candidates.ts';
import type { PlanFix } from '../../../shared/domain/host-plan.ts';
import { profileDocumentSchema, PROFILE_SCHEMA_VERSION, type ProfileDocument } from '../../../shared/domain/profile-document.ts';
import { hostInputSchema } from '../../../shared/ipc/contract.ts';

type Draft = z.output<typeof hostInputSchema>;

const SQUID = 'p_squid-open';
const SQUID_AUTH = 'p_squid-auth';
const SYSTEM = 'p_system1';
const LAB = 'f_lab-folder';

function documentWith(extra: Partial<z.input<typeof profileDocumentSchema>> = {}): ProfileDocument {
  return profileDocumentSchema.parse({
    version: PROFILE_SCHEMA_VERSION,
    folders: [{ id: LAB, name: 'Lab', defaults: { transport: 'http', auth: 'ntlm', credentialId: 'c_labcred1', proxyProfileId: SQUID } }],
    proxyProfiles: [
      { id: SQUID, name: 'Squid', access: 'manual', url: 'http://127.0.0.1:3128', bypass: ['*.direct.lab'] },
      { id: SQUID_AUTH, name: 'Squid (auth)', access: 'manual', url: 'http://127.0.0.1:3129', auth: 'basic', credentialId: 'c_proxycred' },
      { id: SYSTEM, name: 'System', access: 'system' },
    ],
    ...extra,
  });
}

const draft = (fields: Partial<Draft>): Draft => hostInputSchema.parse({ name: 'web01', address: 'web01.lab', ...fields });
const sources: ProxySources = { env: {} };

function applied(host: Draft, fix: PlanFix, document: ProfileDocument): [Draft, ProfileDocument] {
  if (fix.kind === 'proxy-profile') {
    return [host, { ...document, proxyProfiles: document.proxyProfiles.map((p) => (p.id === fix.proxyProfileId ? { ...p, ...fix.changes } : p)) }];
  }
  const { port, ...rest } = fix.changes;
  const next: Draft = { ...host, ...rest };
  if (port === null) delete next.port;
  else if (port !== undefined) next.port = port;
  return [next, document];
}

describe('planForHost', () => {
  it('a host that sets only its address takes NTLM and the Squid profile from its folder: forwarded, message encryption', async () => {
    const plan = await planForHost(documentWith(), draft({ folderId: LAB }), sources);
    expect(plan.error).toBeNull();
    expect(plan.routes).toHaveLength(1);
    expect(plan.routes[0]).toMatchObject({
      ok: true,
      route: 'forward',
      auth: 'ntlm',
      protection: 'message-encryption',
      proxy: { host: '127.0.0.1', port: 3128, auth: 'none' },
      summary: 'via proxy 127.0.0.1:3128 (forwarded), NTLM, message encryption',
      warnings: [expect.stringMatching(/connection-based/)],
      fixes: [{ kind: 'proxy-profile', label: 'Use a CONNECT tunnel', proxyProfileId: SQUID, changes: { tunnelForHttp: true } }, { kind: 'host', changes: { transport: 'https', port: null } }],
    });
  });

  it('HTTPS through the same proxy goes in a CONNECT tunnel, protected by TLS', async () => {
    const plan = await planForHost(documentWith(), draft({ folderId: LAB, transport: 'https' }), sources);
    expect(plan.routes[0]).toMatchObject({ ok: true, route: 'tunnel', summary: 'via proxy 127.0.0.1:3128 (CONNECT tunnel), NTLM, TLS', warnings: [], fixes: [] });
  });

  it('HTTP through an authenticating proxy is refused with the HTTPS fix; applying it gives a valid plan', async () => {
    const document = documentWith();
    const host = draft({ folderId: LAB, proxyProfileId: SQUID_AUTH, port: 5985 });
    const plan = await planForHost(document, host, sources);
    const route = plan.routes[0]!;
    expect(route).toMatchObject({ ok: false, code: 'POLICY_PROXY_AUTH_REQUIRES_HTTPS', proxy: { host: '127.0.0.1', port: 3129, auth: 'basic' }, reason: expect.stringMatching(/requires authentication/), fix: expect.stringMatching(/HTTPS \(port 5986\)/) });
    expect(route.fixes).toEqual([{ kind: 'host', label: 'Switch to HTTPS (port 5986)', changes: { transport: 'https', port: null } }]);

    const [fixedHost, fixedDocument] = applied(host, route.fixes[0]!, document);
    const fixed = await planForHost(fixedDocument, fixedHost, sources);
    expect(fixed.routes[0]).toMatchObject({ ok: true, route: 'tunnel', transport: 'https', summary: 'via proxy 127.0.0.1:3129 (CONNECT tunnel, proxy authentication Basic), NTLM, TLS' });
  });

  it('applying the CONNECT fix to the proxy profile clears the affinity warning', async () => {
    const document = documentWith();
    const host = draft({ folderId: LAB });
    const plan = await planForHost(document, host, sources);
    const ok = plan.routes[0]!;
    const [h, d] = applied(host, ok.fixes[0]!, document);
    expect((await planForHost(d, h, sources)).routes[0]).toMatchObject({ ok: true, route: 'tunnel', summary: 'via proxy 127.0.0.1:3128 (CONNECT tunnel), NTLM, message encryption', warnings: [] });
  });

  it('a host the bypass list names goes direct, and the plan says why', async () => {
    const plan = await planForHost(documentWith(), draft({ folderId: LAB, address: 'db01.direct.lab' }), sources);
    expect(plan.notes).toEqual([expect.stringMatching(/bypass list names this host/)]);
    expect(plan.routes).toMatchObject([{ ok: true, route: 'direct', proxy: null, summary: 'direct, NTLM, message encryption', warnings: [] }]);
  });

  it('a host that says "no proxy" overrides its folder’s profile', async () => {
    const plan = await planForHost(documentWith(), draft({ folderId: LAB, proxyProfileId: null }), sources);
    expect(plan.routes).toMatchObject([{ ok: true, route: 'direct' }]);
  });

  it('the system proxy without the desktop app’s resolver is an error an admin understands, not a direct route', async () => {
    const plan = await planForHost(documentWith(), draft({ folderId: LAB, proxyProfileId: SYSTEM }), sources);
    expect(plan.routes).toEqual([]);
    expect(plan.error).toEqual({ code: 'NOT_SUPPORTED', message: expect.stringMatching(/system proxy settings, which can only be read by the desktop app; this window cannot resolve them/) });
  });

  it('with a resolver, each entry of the system answer is its own route, planned on its own', async () => {
    const resolveSystem = async () => 'PROXY 10.0.0.8:8080; DIRECT';
    const plan = await planForHost(documentWith(), draft({ folderId: LAB, proxyProfileId: SYSTEM, transport: 'https' }), { env: {}, resolveSystem });
    expect(plan.routes.map((r) => (r.ok ? r.summary : r.code))).toEqual(['via proxy 10.0.0.8:8080 (CONNECT tunnel), NTLM, TLS', 'direct, NTLM, TLS']);
  });

  it('inherits from the app defaults when neither host nor folder chooses, and an IPv6 address plans as such', async () => {
    const document = documentWith({ settings: { defaults: { auth: 'basic', tls: { mode: 'insecure' } } } });
    const plan = await planForHost(document, draft({ address: 'fd00::15' }), sources);
    expect(plan.routes[0]).toMatchObject({ ok: true, auth: 'basic', transport: 'https', certificateVerification: false, summary: 'direct, Basic, TLS', warnings: [expect.stringMatching(/Certificate verification is off/)] });
  });

  it('a link to a proxy profile that no longer exists is reported', async () => {
    const document = { ...documentWith(), proxyProfiles: [] };
    const plan = await planForHost(document, draft({ folderId: LAB }), sources);
    expect(plan.error).toMatchObject({ code: 'NOT_FOUND' });
  });
});
