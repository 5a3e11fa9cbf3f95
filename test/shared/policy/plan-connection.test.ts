import { describe, expect, it } from 'vitest';
import { planConnection } from '../../../shared/policy/plan-connection.ts';
import type { PlanProxy, PlanTarget, PlatformCaps } from '../../../shared/policy/connection-plan-types.ts';

// A build whose Kerberos component loaded (MIT/GSS.framework or SSPI: both seal), and one where it did not.
const linux: PlatformCaps = { kerberosUnavailable: null };
const noKerberos: PlatformCaps = { kerberosUnavailable: 'its native part did not load' };
const direct: PlanProxy = { kind: 'direct' };
const openProxy: PlanProxy = { kind: 'proxy', host: 'proxy.corp', port: 3128, auth: 'none', tunnelHttp: false };
const openTunnel: PlanProxy = { ...openProxy, tunnelHttp: true };
const authProxy: PlanProxy = { kind: 'proxy', host: 'proxy.corp', port: 3128, auth: 'negotiate', tunnelHttp: false };
const basicProxy: PlanProxy = { ...authProxy, auth: 'basic' };

function target(transport: 'http' | 'https', auth: PlanTarget['auth'], extra: Partial<PlanTarget> = {}): PlanTarget {
  return { transport, host: 'dc01.corp', port: transport === 'https' ? 5986 : 5985, auth, encryption: 'auto', certificate: 'system', ...extra };
}

// Each row is one rule of "Proxy servers and WinRM" (and of the product's own safety rules).
describe('planConnection: refusals (nothing is sent)', () => {
  it.each([
    ['a proxy that requires authentication, HTTP target', target('http', 'ntlm'), authProxy, linux, 'POLICY_PROXY_AUTH_REQUIRES_HTTPS'],
    ['Basic proxy auth, HTTP target, even when tunnelled', target('http', 'ntlm'), { ...basicProxy, tunnelHttp: true }, linux, 'POLICY_PROXY_AUTH_REQUIRES_HTTPS'],
    ['Basic over HTTP via a proxy', target('http', 'basic'), openProxy, linux, 'POLICY_UNENCRYPTED_VIA_PROXY'],
    ['Basic over HTTP via a proxy, even with encryption never', target('http', 'basic', { encryption: 'never' }), openProxy, linux, 'POLICY_UNENCRYPTED_VIA_PROXY'],
    ['encryption never over HTTP via a proxy', target('http', 'ntlm', { encryption: 'never' }), openProxy, linux, 'POLICY_UNENCRYPTED_VIA_PROXY'],
    ['encryption never over HTTP via a CONNECT tunnel', target('http', 'ntlm', { encryption: 'never' }), openTunnel, linux, 'POLICY_UNENCRYPTED_VIA_PROXY'],
    ['Basic over HTTP directly without saying the server allows it', target('http', 'basic'), direct, linux, 'POLICY_BASIC_OVER_HTTP'],
    ['Kerberos over HTTP where Kerberos did not load', target('http', 'kerberos'), direct, noKerberos, 'POLICY_KERBEROS_UNAVAILABLE'],
    ['Kerberos over HTTPS where Kerberos did not load', target('https', 'kerberos'), direct, noKerberos, 'POLICY_KERBEROS_UNAVAILABLE'],
    ['Negotiate where Kerberos did not load and NTLM fallback is off', target('http', 'negotiate'), direct, noKerberos, 'POLICY_KERBEROS_UNAVAILABLE'],
    ['message encryption forced with Basic', target('https', 'basic', { encryption: 'always' }), direct, linux, 'POLICY_ENCRYPTION_UNAVAILABLE'],
  ])('refuses %s', (_label, t, proxy, caps, code) => {
    const result = planConnection(t, proxy, caps);
    expect(result.ok).toBe(false);
    if (!result.ok) {
      expect(result.code).toBe(code);
      expect(result.reason.length).toBeGreaterThan(10);
      expect(result.fix).toMatch(/HTTPS|https|5986|--|encryption|auth|NTLM|proxy/i);
    }
  });
});

describe('planConnection: plans', () => {
  it.each([
    ['NTLM over HTTP directly: sealed messages', target('http', 'ntlm'), direct, linux, { route: 'direct', auth: 'ntlm', protection: 'message-encryption', connectionBasedAuth: true }],
    ['NTLM over HTTP via an open proxy: forward, sealed', target('http', 'ntlm'), openProxy, linux, { route: 'forward', protection: 'message-encryption' }],
    ['NTLM over HTTP via an open proxy, tunnel chosen', target('http', 'ntlm'), openTunnel, linux, { route: 'tunnel', protection: 'message-encryption' }],
    ['Basic over HTTPS via an authenticating proxy: tunnel', target('https', 'basic'), authProxy, linux, { route: 'tunnel', protection: 'tls', proxy: { host: 'proxy.corp', port: 3128, auth: 'negotiate' } }],
    ['Kerberos over HTTPS directly', target('https', 'kerberos'), direct, linux, { route: 'direct', auth: 'kerberos', protection: 'tls' }],
    ['Kerberos over HTTP: sealed by Kerberos', target('http', 'kerberos'), direct, linux, { auth: 'kerberos', protection: 'message-encryption', connectionBasedAuth: true }],
    ['Negotiate over HTTP: sealed, Kerberos kept', target('http', 'negotiate'), direct, linux, { auth: 'negotiate', protection: 'message-encryption' }],
    ['Kerberos over HTTP via an open proxy: forward, sealed', target('http', 'kerberos'), openProxy, linux, { route: 'forward', auth: 'kerberos', protection: 'message-encryption' }],
    ['Kerberos over HTTPS with encryption always', target('https', 'kerberos', { encryption: 'always' }), direct, linux, { protection: 'tls+message-encryption' }],
    ['Negotiate with NTLM fallback allowed where Kerberos did not load', target('http', 'negotiate', { allowNtlmFallback: true }), direct, noKerberos, { auth: 'ntlm', protection: 'message-encryption' }],
    ['Negotiate with NTLM fallback allowed keeps Negotiate where Kerberos loaded', target('http', 'negotiate', { allowNtlmFallback: true }), direct, linux, { auth: 'negotiate' }],
    ['NTLM over HTTPS with encryption always', target('https', 'ntlm', { encryption: 'always' }), direct, linux, { protection: 'tls+message-encryption' }],
    ['NTLM over HTTP directly with encryption never (server allows it)', target('http', 'ntlm', { encryption: 'never' }), direct, linux, { protection: 'none' }],
    ['Basic over HTTP directly with encryption never', target('http', 'basic', { encryption: 'never' }), direct, linux, { protection: 'none', connectionBasedAuth: false }],
  ])('plans %s', (_label, t, proxy, caps, expected) => {
    const result = planConnection(t, proxy, caps);
    expect(result).toMatchObject({ ok: true, ...expected });
  });

  it('warns that forwarding relies on the proxy keeping connection affinity', () => {
    const result = planConnection(target('http', 'ntlm'), openProxy, linux);
    expect(result.ok && result.warnings.join(' ')).toMatch(/affinity.*(HTTPS|tunnel)/i);
  });

  it('shows certificate verification off, and warns, only when the profile chose it', () => {
    const off = planConnection(target('https', 'basic', { certificate: 'insecure' }), direct, linux);
    expect(off).toMatchObject({ ok: true, certificateVerification: false });
    expect(off.ok && off.warnings.join(' ')).toMatch(/certificate verification is off/i);
    expect(planConnection(target('https', 'basic'), direct, linux)).toMatchObject({ ok: true, certificateVerification: true, warnings: [] });
  });

  it('warns about unencrypted traffic when encryption is never', () => {
    const result = planConnection(target('http', 'ntlm', { encryption: 'never' }), direct, linux);
    expect(result.ok && result.warnings.join(' ')).toMatch(/unencrypted/i);
  });

  it('notes a Negotiate → NTLM fallback', () => {
    const result = planConnection(target('http', 'negotiate', { allowNtlmFallback: true }), direct, noKerberos);
    expect(result.ok && result.notes.join(' ')).toMatch(/NTLM/);
  });
});
