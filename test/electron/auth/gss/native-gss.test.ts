import { describe, expect, it } from 'vitest';
import { kerberosUnavailable, nativeGss } from '../../../../electron/auth/gss/native-gss.ts';

// The addon's own guards: bad arguments are TypeErrors or GSS_USAGE errors, never a crash of the
// process, and nothing can be wrapped or unwrapped before the server has proved who it is.
const gss = nativeGss()!;

function failure(action: () => unknown): { name: string; code?: string; message: string } {
  try {
    action();
  } catch (error) {
    return error as { name: string; code?: string; message: string };
  }
  throw new Error('expected the call to throw');
}

describe('the GSSAPI addon', () => {
  it('loaded in this build, so Kerberos is available to the plan', () => {
    expect(kerberosUnavailable()).toBeNull();
    expect(gss.backend).toBe(process.platform === 'win32' ? 'sspi' : 'gssapi');
  });

  it.each([
    ['no options', () => (gss.createContext as (o?: unknown) => unknown)()],
    ['options that are not an object', () => gss.createContext('HTTP@x' as never)],
    ['an empty service host', () => gss.createContext({ serviceHost: '', spnego: false })],
    ['a service host with a NUL in it', () => gss.createContext({ serviceHost: 'good\0evil', spnego: false })],
    ['a principal that is not a string', () => gss.createContext({ serviceHost: 'h', spnego: false, principal: 7 as never })],
    ['channel bindings that are not bytes', () => gss.createContext({ serviceHost: 'h', spnego: false, channelBindings: 'x' as never })],
  ])('refuses %s with a TypeError', (_label, action) => {
    expect(failure(action)).toMatchObject({ name: 'TypeError', message: expect.stringMatching(/options/) });
  });

  it('refuses calls that are not on a context', () => {
    expect(failure(() => gss.wrap({} as never, Buffer.alloc(1)))).toMatchObject({ name: 'TypeError', message: 'not a security context' });
    expect(failure(() => gss.unwrap(null as never, Buffer.alloc(1), 0))).toMatchObject({ name: 'TypeError' });
  });

  it('fails to make a context without credentials, with the library’s reason (the app strips cache names above it)', () => {
    expect(failure(() => gss.createContext({ serviceHost: 'winrm.test.invalid', spnego: true, ccache: 'FILE:/nonexistent/winrm-desk-test' }))).toMatchObject({
      code: 'GSS_FAILED',
      message: expect.stringMatching(/^no Kerberos credentials: /),
    });
  });
});
