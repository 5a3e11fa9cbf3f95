import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { kinit } from './kerberos-ticket.ts';
import { gssapiEcho } from './gssapi-echo.ts';
import { WinrmControl } from './winrm-control.ts';

// What pywinrm 0.3 cannot check: Kerberos message encryption over HTTP, SPNEGO with NTLM inside, the
// `Kerberos` scheme, and that a context does not carry over to another connection. The client shares
// MIT krb5 and gss-ntlmssp with the server, so these check framing and binding, not the crypto.
const rig = inject('rig');
const control = new WinrmControl(rig);
let ccache: string;

const run = (scheme: 'Negotiate' | 'Kerberos', mech: 'kerberos' | 'spnego' | 'spnego-ntlm', switchConnection = false) => gssapiEcho(rig, scheme, mech, { ccache, switchConnection });

beforeAll(async () => {
  ccache = await kinit(rig, 'ccache-gssapi');
});
beforeEach(() => control.reset());

describe('test WinRM server with a GSSAPI client over HTTP', () => {
  it('Kerberos scheme: one leg, HTTP-Kerberos-session-encrypted, 60-byte header with RRC 28', async () => {
    const outcome = await run('Kerberos', 'kerberos');
    expect(outcome).toMatchObject({ ok: true, stdout: 'sealed\n', exitCode: 0, legs: [200], headerLength: 60, rrc: 28 });
    expect(outcome.contentType).toBe('multipart/encrypted;protocol="application/HTTP-Kerberos-session-encrypted";boundary="Encrypted Boundary"');
    expect((await control.counters()).handshakesByScheme).toEqual({ Negotiate: 0, Kerberos: 1 });
  });

  it('Negotiate with SPNEGO/Kerberos: HTTP-SPNEGO-session-encrypted', async () => {
    const outcome = await run('Negotiate', 'spnego');
    expect(outcome).toMatchObject({ ok: true, stdout: 'sealed\n', legs: [200], headerLength: 60, rrc: 28 });
    expect(outcome.contentType).toContain('protocol="application/HTTP-SPNEGO-session-encrypted"');
    expect((await control.counters()).handshakes).toEqual({ ntlm: 0, kerberos: 1 });
  });

  it('Negotiate with SPNEGO/NTLM: a 401 leg, then the 16-byte NTLM signature layout', async () => {
    const outcome = await run('Negotiate', 'spnego-ntlm');
    expect(outcome).toMatchObject({ ok: true, stdout: 'sealed\n', legs: [401, 200], headerLength: 16 });
    expect((await control.counters()).handshakes).toEqual({ ntlm: 1, kerberos: 0 });
  });

  it('refuses a context established on another connection', async () => {
    const outcome = await run('Negotiate', 'spnego', true);
    expect(outcome).toMatchObject({ ok: false, status: 401, legs: [200] });
    const counters = await control.counters();
    expect(counters.unauthorized).toBe(1);
    expect(counters.shellsCreated).toBe(0);
  });
});
