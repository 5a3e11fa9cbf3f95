import { describe, expect, it } from 'vitest';
import { credentialSummarySchema, qualifiedUserName } from '../../../shared/domain/credential.ts';
import { proxyProfileSchema } from '../../../shared/domain/proxy-profile.ts';

const base = { id: 'p_corpproxy', name: 'Corp' };

describe('proxy profile schema', () => {
  it('fills defaults for a manual proxy', () => {
    expect(proxyProfileSchema.parse({ ...base, access: 'manual', url: 'http://proxy:3128' })).toEqual({ ...base, access: 'manual', url: 'http://proxy:3128', bypass: [], auth: 'none', tunnelForHttp: false });
  });

  it.each([
    [{ access: 'manual' }, /manual proxy needs a URL/],
    [{ access: 'system', url: 'http://proxy:3128' }, /Only a manual proxy has a URL/],
    [{ access: 'manual', url: 'http://user:pw@proxy:3128' }, /must not carry credentials/],
    [{ access: 'manual', url: 'socks5://proxy:1080' }, /must start with http:\/\//],
    [{ access: 'manual', url: 'https://proxy:443' }, /HTTP proxies only/],
    [{ access: 'none', auth: 'ntlm' }, /No proxy means no proxy authentication/],
    [{ access: 'system', auth: 'basic' }, /needs a proxy credential/],
    [{ access: 'system', bypass: ['a b'] }, /bypass entry/],
  ])('rejects %j', (extra, message) => {
    const result = proxyProfileSchema.safeParse({ ...base, ...extra });
    expect(result.success).toBe(false);
    expect(result.error?.issues.map((i) => i.message).join('\n')).toMatch(message);
  });

  it('accepts negotiate through the system proxy without a stored credential (single sign-on)', () => {
    expect(proxyProfileSchema.safeParse({ ...base, access: 'system', auth: 'negotiate', bypass: ['<local>', '*.corp.example', '10.0.0.0/8'] }).success).toBe(true);
  });
});

describe('credential summary', () => {
  it('has no field that could carry a secret and refuses one', () => {
    expect(Object.keys(credentialSummarySchema.shape).sort()).toEqual(['domain', 'hasSecret', 'id', 'kind', 'label', 'userName']);
    expect(credentialSummarySchema.safeParse({ id: 'c_abcdefgh', label: 'l', userName: 'u', kind: 'host', hasSecret: true, secret: 'x' }).success).toBe(false);
  });

  it('qualifies a user name with its domain the way Windows expects', () => {
    expect(qualifiedUserName('admin', 'CORP')).toBe('CORP\\admin');
    expect(qualifiedUserName('admin@corp.example', 'CORP')).toBe('admin@corp.example');
    expect(qualifiedUserName('admin', undefined)).toBe('admin');
  });
});
