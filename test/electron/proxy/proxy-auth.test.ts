import { describe, expect, it } from 'vitest';
import { createBasicProxyAuth, digestAuthorization, parseAuthParams } from '../../../electron/proxy/proxy-auth-basic-digest.ts';

describe('Basic proxy authentication', () => {
  it('answers up front with UTF-8 credentials and gives up after a 407', async () => {
    const auth = createBasicProxyAuth({ userName: 'proxyüser', password: 'pä:ss' });
    await expect(auth.initial()).resolves.toBe(`Basic ${Buffer.from('proxyüser:pä:ss', 'utf8').toString('base64')}`);
    await expect(auth.respond([{ scheme: 'Basic', value: 'realm="x"' }], { method: 'CONNECT', uri: 'h:1' })).resolves.toBeNull();
  });
});

// RFC 7616 §3.9.1: GET /dir/index.html for Mufasa / "Circle of Life".
describe('Digest (RFC 7616 §3.9.1 vectors)', () => {
  const base = {
    credential: { userName: 'Mufasa', password: 'Circle of Life' },
    method: 'GET',
    uri: '/dir/index.html',
    cnonce: 'f2/wE4q74E6zIJEtWaHKaf5wv/H5QzzpXusqGemxURZJ',
    nc: 1,
  };
  const challenge = (algorithm: string) =>
    parseAuthParams(`realm="http-auth@example.org", qop="auth, auth-int", algorithm=${algorithm}, nonce="7ypf/xlj9XXwfDPEoM4URrv/xwf94BcCAzFZH4GiTo0v", opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"`);

  it('computes the MD5 response', () => {
    expect(digestAuthorization({ ...base, challenge: challenge('MD5') })).toContain('response="8ca523f5e9506fed4657c9700eebdbec"');
  });

  it('computes the SHA-256 response', () => {
    const header = digestAuthorization({ ...base, challenge: challenge('SHA-256') });
    expect(header).toContain('response="753927fa0e85d155564e2e272a28d1802ca10daf4496794697cf8db5856cb6c1"');
    expect(header).toContain('nc=00000001');
    expect(header).toContain('opaque="FQhe/qaU925kfnzjCev0ciny7QMkPqMAFRtzCUYo5tdS"');
  });

  it('refuses an algorithm it does not know', () => {
    expect(() => digestAuthorization({ ...base, challenge: challenge('SHA-512-256') })).toThrow(expect.objectContaining({ code: 'PROXY_AUTH_FAILED' }));
  });
});
