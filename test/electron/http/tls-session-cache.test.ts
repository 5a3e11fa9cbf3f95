import { X509Certificate } from 'node:crypto';
import { inspect } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { TlsSessionCache, tlsSessionKey, type TlsSessionTarget } from '../../../electron/http/tls-session-cache.ts';
import type { TlsPolicy } from '../../../electron/http/tls-policy.ts';
import { makeTlsFixture, type TlsFixture } from '../../support/tls-fixture.ts';

let fixture: TlsFixture;
let other: TlsFixture;
let certificate: X509Certificate;
beforeAll(() => {
  fixture = makeTlsFixture(['winrm.test.local', '127.0.0.1']);
  other = makeTlsFixture(['other.test.local']);
  certificate = new X509Certificate(fixture.certPem);
});

const target = (overrides: Partial<TlsSessionTarget> = {}): TlsSessionTarget => ({
  endpoint: new URL('https://winrm.test.local:5986/wsman'),
  route: { kind: 'direct' },
  tls: { mode: 'system' },
  ...overrides,
});

// A session's bytes as Node hands them over: opaque to the cache, recognisable in a dump.
const sessionBytes = (fill: number) => Buffer.alloc(600, fill);

describe('tlsSessionKey', () => {
  const policies = (): Array<[string, TlsPolicy]> => [
    ['system', { mode: 'system' }],
    ['ca A', { mode: 'ca', caPem: fixture.caPem }],
    ['ca B', { mode: 'ca', caPem: other.caPem }],
    ['ca A and B', { mode: 'ca', caPem: fixture.caPem + other.caPem }],
    ['pin X', { mode: 'pin', sha256: fixture.thumbprint }],
    ['pin Y', { mode: 'pin', sha256: other.thumbprint }],
    ['insecure', { mode: 'insecure' }],
  ];

  it('gives every trust policy its own key, and the same policy the same key', () => {
    const keys = policies().map(([, tls]) => tlsSessionKey(target({ tls })));
    expect(new Set(keys).size).toBe(policies().length);
    // Equal contents, not the same objects: a CA file read again, a pin typed again.
    expect(tlsSessionKey(target({ tls: { mode: 'ca', caPem: `${fixture.caPem}` } }))).toBe(keys[1]);
    expect(tlsSessionKey(target({ tls: { mode: 'pin', sha256: fixture.thumbprint } }))).toBe(keys[4]);
  });

  it.each<[string, Partial<TlsSessionTarget>]>([
    ['another host', { endpoint: new URL('https://winrm2.test.local:5986/wsman') }],
    ['another port', { endpoint: new URL('https://winrm.test.local:5987/wsman') }],
    ['a TLS server name', { serverName: 'other.test.local' }],
    ['a tunnel', { route: { kind: 'tunnel', proxy: { host: '127.0.0.1', port: 3128 } } }],
  ])('tells %s from the plain target', (_name, change) => {
    expect(tlsSessionKey(target(change))).not.toBe(tlsSessionKey(target()));
  });

  it('tells tunnels through different proxies apart, and names the same place however it is written', () => {
    const via = (host: string, port: number) => tlsSessionKey(target({ route: { kind: 'tunnel', proxy: { host, port } } }));
    expect(via('127.0.0.1', 3128)).not.toBe(via('127.0.0.1', 3129));
    expect(via('proxy-a.corp', 3128)).not.toBe(via('proxy-b.corp', 3128));
    expect(via('Proxy-A.corp', 3128)).toBe(via('proxy-a.corp', 3128));
    expect(tlsSessionKey(target({ endpoint: new URL('https://WinRM.test.local/wsman') }))).toBe(tlsSessionKey(target({ endpoint: new URL('https://winrm.test.local:443/x') })));
    expect(tlsSessionKey(target({ serverName: 'Other.Test.Local' }))).toBe(tlsSessionKey(target({ serverName: 'other.test.local' })));
  });
});

describe('TlsSessionCache sessions', () => {
  it('offers what was kept under the same key only', () => {
    const cache = new TlsSessionCache();
    const key = tlsSessionKey(target());
    cache.keep(key, { session: sessionBytes(1), certificate });
    expect(cache.offer(key)).toMatchObject({ session: sessionBytes(1), certificate });
    expect(cache.offer(tlsSessionKey(target({ tls: { mode: 'insecure' } })))).toBeNull();
    // A newer session of the same target replaces the older one.
    cache.keep(key, { session: sessionBytes(2), certificate });
    expect(cache.offer(key)?.session).toEqual(sessionBytes(2));
    expect(cache.size).toBe(1);
    cache.forget(key);
    expect(cache.offer(key)).toBeNull();
  });

  it('holds at most maxSessions, forgetting the least recently used', () => {
    const cache = new TlsSessionCache({ maxSessions: 3 });
    const keys = [1, 2, 3, 4].map((n) => tlsSessionKey(target({ endpoint: new URL(`https://host${n}.test.local/wsman`) })));
    cache.keep(keys[0]!, { session: sessionBytes(1), certificate });
    cache.keep(keys[1]!, { session: sessionBytes(2), certificate });
    cache.keep(keys[2]!, { session: sessionBytes(3), certificate });
    expect(cache.offer(keys[0]!)).not.toBeNull();
    cache.keep(keys[3]!, { session: sessionBytes(4), certificate });
    expect(cache.size).toBe(3);
    expect(keys.map((k) => cache.offer(k) !== null)).toEqual([true, false, true, true]);
  });

  it('stops offering a session older than maxAgeMs', () => {
    let now = certificate.validFromDate.getTime() + 1000;
    const cache = new TlsSessionCache({ maxAgeMs: 60_000, now: () => now });
    const key = tlsSessionKey(target());
    cache.keep(key, { session: sessionBytes(1), certificate });
    now += 60_000;
    expect(cache.offer(key)).not.toBeNull();
    now += 1;
    expect(cache.offer(key)).toBeNull();
    expect(cache.size).toBe(0);
  });

  it('never offers a session whose certificate is outside its validity now (a full handshake judges it)', () => {
    let now = certificate.validFromDate.getTime() + 1000;
    const cache = new TlsSessionCache({ maxAgeMs: 10 * 365 * 86_400_000, now: () => now });
    const key = tlsSessionKey(target());
    cache.keep(key, { session: sessionBytes(1), certificate });
    expect(cache.offer(key)).not.toBeNull();
    now = certificate.validToDate.getTime() + 1000;
    expect(cache.offer(key)).toBeNull();
    now = certificate.validFromDate.getTime() - 1000;
    cache.keep(key, { session: sessionBytes(1), certificate });
    expect(cache.offer(key)).toBeNull();
  });

  it('refuses limits that are not positive integers', () => {
    for (const options of [{ maxSessions: 0 }, { maxSessions: 1.5 }, { maxAgeMs: -1 }, { maxContexts: 0 }]) {
      expect(() => new TlsSessionCache(options)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
    }
  });

  it('shows no session bytes when it is logged, serialized or inspected', () => {
    const cache = new TlsSessionCache();
    const session = Buffer.from(Array.from({ length: 600 }, (_, i) => (i * 37 + 11) & 0xff));
    cache.keep(tlsSessionKey(target()), { session, certificate });
    const dumps = [JSON.stringify(cache), inspect(cache, { showHidden: true, depth: null }), String(cache), `${inspect({ cache })}`];
    const forms = [session.toString('hex').slice(0, 32), session.toString('base64').slice(0, 24), inspect(session.subarray(0, 8)).slice(8, 28)];
    for (const dump of dumps) for (const form of forms) expect(dump).not.toContain(form);
    expect(inspect(cache)).toMatch(/TlsSessionCache.*1 session/);
  });
});

describe('TlsSessionCache trust material', () => {
  it('builds one SecureContext per trust policy and hands the same one out again', () => {
    const cache = new TlsSessionCache();
    const caA = cache.secureContext({ mode: 'ca', caPem: fixture.caPem });
    expect(cache.secureContext({ mode: 'ca', caPem: `${fixture.caPem}` })).toBe(caA);
    expect(cache.secureContext({ mode: 'ca', caPem: other.caPem })).not.toBe(caA);
    const system = cache.secureContext({ mode: 'system' });
    expect(system).not.toBe(caA);
    // Pins and insecure mode verify no chain: the system roots' context, whose roots they never read.
    expect(cache.secureContext({ mode: 'pin', sha256: fixture.thumbprint })).toBe(system);
    expect(cache.secureContext({ mode: 'insecure' })).toBe(system);
  });

  it('holds at most maxContexts contexts, and clear() drops sessions and contexts', () => {
    const cache = new TlsSessionCache({ maxContexts: 1 });
    const caA = cache.secureContext({ mode: 'ca', caPem: fixture.caPem });
    cache.secureContext({ mode: 'ca', caPem: other.caPem });
    expect(cache.secureContext({ mode: 'ca', caPem: fixture.caPem })).not.toBe(caA);
    cache.keep(tlsSessionKey(target()), { session: sessionBytes(1), certificate });
    const system = cache.secureContext({ mode: 'system' });
    cache.clear();
    expect(cache.size).toBe(0);
    expect(cache.secureContext({ mode: 'system' })).not.toBe(system);
  });
});
