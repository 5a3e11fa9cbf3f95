import { beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { kinit } from './kerberos-ticket.ts';
import { runPythonJson } from './python-json.ts';
import { WinrmControl } from './winrm-control.ts';

// What pywinrm 0.3 cannot check: Kerberos message encryption over HTTP, SPNEGO with NTLM inside, the
// `Kerberos` scheme, and that a context does not carry over to another connection. The client shares
// MIT krb5 and gss-ntlmssp with the server, so these check framing and binding, not the crypto.
interface GssapiOutcome {
  readonly ok: boolean;
  readonly stdout?: string;
  readonly exitCode?: number;
  readonly contentType?: string;
  readonly headerLength?: number;
  readonly rrc?: number | null;
  readonly legs: readonly number[];
  readonly status?: number;
  readonly error?: string;
}

const rig = inject('rig');
const control = new WinrmControl(rig);
let ccache: string;

function run(scheme: 'Negotiate' | 'Kerberos', mech: 'kerberos' | 'spnego' | 'spnego-ntlm', switchConnection = false) {
  return runPythonJson<GssapiOutcome>(rig, 'gssapi_client.py', {
    host: rig.winrm.host,
    port: rig.winrm.httpPort,
    scheme,
    mech,
    spnHost: rig.winrm.spnHost,
    krb5Config: rig.krb5.krb5Conf,
    ccache,
    ntlm: { user: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, password: rig.winrm.ntlmPassword },
    command: 'echo sealed',
    switchConnection,
  });
}

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
