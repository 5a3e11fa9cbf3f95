import { describe, expect, it } from 'vitest';
import { parseChallenges } from '../../../electron/http/auth-challenges.ts';

describe('Proxy-Authenticate parsing', () => {
  it('splits several challenges, keeping commas inside quoted params', () => {
    const values = ['Negotiate', 'Basic realm="Squid, proxy"', 'Digest realm="r", nonce="n1", qop="auth,auth-int", algorithm=SHA-256, NTLM'];
    expect(parseChallenges(values)).toEqual([
      { scheme: 'Negotiate', value: '' },
      { scheme: 'Basic', value: 'realm="Squid, proxy"' },
      { scheme: 'Digest', value: 'realm="r", nonce="n1", qop="auth,auth-int", algorithm=SHA-256' },
      { scheme: 'NTLM', value: '' },
    ]);
  });

  it('keeps a token68 with padding as the challenge value', () => {
    expect(parseChallenges(['Negotiate YIIBCgYGKwYBBQUCoIH/MIH8oA0w==, Basic realm="x"'])).toEqual([
      { scheme: 'Negotiate', value: 'YIIBCgYGKwYBBQUCoIH/MIH8oA0w==' },
      { scheme: 'Basic', value: 'realm="x"' },
    ]);
  });
});
