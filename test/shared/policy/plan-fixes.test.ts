import { describe, expect, it } from 'vitest';
import type { PlanFix } from '../../../shared/domain/host-plan.ts';
import type { PlanProxy, PlanTarget, PlatformCaps } from '../../../shared/policy/connection-plan-types.ts';
import { planConnection } from '../../../shared/policy/plan-connection.ts';
import { planFixes } from '../../../shared/policy/plan-fixes.ts';

const linux: PlatformCaps = { kerberosUnavailable: null };
const direct: PlanProxy = { kind: 'direct' };
const openProxy: PlanProxy = { kind: 'proxy', host: 'proxy.corp', port: 3128, auth: 'none', tunnelHttp: false };
const authProxy: PlanProxy = { ...openProxy, auth: 'ntlm' };
const PROFILE = 'p_squid01';

function target(transport: 'http' | 'https', auth: PlanTarget['auth'], extra: Partial<PlanTarget> = {}): PlanTarget {
  return { transport, host: 'dc01.corp', port: transport === 'https' ? 5986 : 5985, auth, encryption: 'auto', certificate: 'system', ...extra };
}

function fixesFor(t: PlanTarget, proxy: PlanProxy) {
  const result = planConnection(t, proxy, linux);
  return { result, fixes: planFixes(result, { transport: t.transport, auth: t.auth, encryption: t.encryption, proxyProfileId: proxy.kind === 'proxy' ? PROFILE : null }) };
}

// What applying a fix does to the plan's inputs, as the editor does to the draft and the proxy profile.
function apply(t: PlanTarget, proxy: PlanProxy, fix: PlanFix): [PlanTarget, PlanProxy] {
  if (fix.kind === 'proxy-profile') return [t, proxy.kind === 'proxy' ? { ...proxy, tunnelHttp: fix.changes.tunnelForHttp ?? proxy.tunnelHttp } : proxy];
  const transport = fix.changes.transport ?? t.transport;
  const port = fix.changes.port === null ? (transport === 'https' ? 5986 : 5985) : (fix.changes.port ?? t.port);
  return [{ ...t, transport, port, encryption: fix.changes.encryption ?? t.encryption }, proxy];
}

const HTTPS = 'Switch to HTTPS (port 5986)';
const AUTO = 'Set encryption to auto';
const TUNNEL = 'Use a CONNECT tunnel';

// Each row: a refusal, the words of its own fix, and the one-click fixes those words name.
describe('planFixes: the settings a refusal’s fix names', () => {
  it.each([
    ['HTTP through an authenticating proxy', target('http', 'ntlm'), authProxy, 'POLICY_PROXY_AUTH_REQUIRES_HTTPS', /Switch the host to HTTPS \(port 5986\)/, [HTTPS]],
    ['Basic over HTTP, direct', target('http', 'basic'), direct, 'POLICY_BASIC_OVER_HTTP', /Switch the host to HTTPS \(port 5986\)/, [HTTPS]],
    ['Basic over HTTP via a proxy', target('http', 'basic'), openProxy, 'POLICY_UNENCRYPTED_VIA_PROXY', /Switch the host to HTTPS \(port 5986\)/, [HTTPS]],
    ['encryption never via a proxy', target('http', 'ntlm', { encryption: 'never' }), openProxy, 'POLICY_UNENCRYPTED_VIA_PROXY', /Set encryption to auto.*HTTPS \(port 5986\)/, [AUTO, HTTPS]],
    ['Basic forced to seal', target('https', 'basic', { encryption: 'always' }), direct, 'POLICY_ENCRYPTION_UNAVAILABLE', /set encryption to auto/, [AUTO]],
  ] as const)('%s', (_label, t, proxy, code, words, labels) => {
    const { result, fixes } = fixesFor(t, proxy);
    expect(result).toMatchObject({ ok: false, code, fix: expect.stringMatching(words) });
    expect(fixes.map((f) => f.label)).toEqual(labels);
    // Every fix offered is one that works: applied, the same inputs plan without a refusal.
    for (const fix of fixes) expect(planConnection(...apply(t, proxy, fix), linux)).toMatchObject({ ok: true });
  });

  it('switching to HTTPS clears the port, so the HTTPS default applies rather than 5985', () => {
    const { fixes } = fixesFor(target('http', 'ntlm'), authProxy);
    expect(fixes[0]).toEqual({ kind: 'host', label: HTTPS, changes: { transport: 'https', port: null } });
  });
});

describe('planFixes: ways out of a warning', () => {
  it('connection-based auth forwarded through a proxy: tunnel through CONNECT (on the proxy profile), or HTTPS', () => {
    const t = target('http', 'ntlm');
    const { result, fixes } = fixesFor(t, openProxy);
    expect(result).toMatchObject({ ok: true, route: 'forward', warnings: [expect.stringMatching(/use HTTPS or tunnel HTTP through CONNECT/)] });
    expect(fixes).toEqual([
      { kind: 'proxy-profile', label: TUNNEL, proxyProfileId: PROFILE, changes: { tunnelForHttp: true } },
      { kind: 'host', label: HTTPS, changes: { transport: 'https', port: null } },
    ]);
    for (const fix of fixes) expect(planConnection(...apply(t, openProxy, fix), linux)).toMatchObject({ ok: true, route: 'tunnel', warnings: [] });
  });

  it.each([
    ['HTTPS through a proxy (already tunnelled)', target('https', 'ntlm'), openProxy],
    ['NTLM over HTTP, direct', target('http', 'ntlm'), direct],
    ['HTTP tunnelled through CONNECT', target('http', 'ntlm'), { ...openProxy, tunnelHttp: true } as PlanProxy],
  ])('no fix for a plan without a warning to act on: %s', (_label, t, proxy) => {
    const { result, fixes } = fixesFor(t, proxy);
    expect(result.ok).toBe(true);
    expect(fixes).toEqual([]);
  });
});
