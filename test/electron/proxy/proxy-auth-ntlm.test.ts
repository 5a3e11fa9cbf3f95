import { describe, expect, it } from 'vitest';
import { createNtlmProxyAuth } from '../../../electron/proxy/proxy-auth-ntlm.ts';
import { SPEC } from '../auth/ntlm/vectors.ts';

const credential = { userName: `${SPEC.domain}\\${SPEC.user}`, password: SPEC.password };
const decode = (header: string | null) => Buffer.from(header!.split(' ')[1]!, 'base64');

describe('NTLM proxy authentication', () => {
  it('sends NEGOTIATE first, then AUTHENTICATE for the proxy’s CHALLENGE, on the same exchange', async () => {
    const auth = createNtlmProxyAuth(credential, 'proxy.corp');
    expect(auth.connectionBased).toBe(true);
    const first = await auth.initial();
    expect(first).toMatch(/^NTLM /);
    expect(decode(first).readUInt32LE(8)).toBe(1);
    const second = await auth.respond([{ scheme: 'NTLM', value: SPEC.challenge.toString('base64') }], { method: 'CONNECT', uri: 'dc01:5986' });
    const authenticate = decode(second);
    expect(authenticate.subarray(0, 8).toString('latin1')).toBe('NTLMSSP\0');
    expect(authenticate.readUInt32LE(8)).toBe(3);
    // User and domain go out as UTF-16LE in the AUTHENTICATE message.
    expect(authenticate.includes(Buffer.from(SPEC.user, 'utf16le'))).toBe(true);
    expect(authenticate.includes(Buffer.from('HTTP/proxy.corp', 'utf16le'))).toBe(true);
  });

  it('has nothing more to say after its AUTHENTICATE was refused', async () => {
    const auth = createNtlmProxyAuth(credential, 'proxy.corp');
    await auth.initial();
    await auth.respond([{ scheme: 'NTLM', value: SPEC.challenge.toString('base64') }], { method: 'CONNECT', uri: 'x:1' });
    await expect(auth.respond([{ scheme: 'NTLM', value: '' }], { method: 'CONNECT', uri: 'x:1' })).resolves.toBeNull();
  });

  it('refuses a malformed challenge with a coded error, not a crash', async () => {
    const auth = createNtlmProxyAuth(credential, 'proxy.corp');
    await auth.initial();
    await expect(auth.respond([{ scheme: 'NTLM', value: Buffer.from('NTLMSSP\0garbage').toString('base64') }], { method: 'CONNECT', uri: 'x:1' })).rejects.toMatchObject({
      code: expect.stringMatching(/MALFORMED_RESPONSE|AUTH_FAILED/),
    });
  });
});
