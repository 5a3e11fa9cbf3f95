import { runPythonJson } from './python-json.ts';
import type { RigInfo } from './rig-info.ts';

/** What test/rig/gssapi_client.py reports for one `echo sealed` (sealed over HTTP, bound to TLS over HTTPS). */
export interface GssapiOutcome {
  readonly ok: boolean;
  readonly stdout?: string;
  readonly exitCode?: number;
  readonly contentType?: string;
  readonly headerLength?: number;
  readonly rrc?: number | null;
  readonly legs?: readonly number[];
  readonly status?: number;
  readonly error?: string;
}

/**
 * One sealed `echo sealed` over HTTP with the independent python-gssapi client: `mech` picks raw
 * Kerberos, SPNEGO or SPNEGO/NTLM; `ccache` whose ticket to use; `switchConnection` moves to a new
 * connection after the handshake (which the server must refuse).
 */
export function gssapiEcho(
  rig: RigInfo,
  scheme: 'Negotiate' | 'Kerberos',
  mech: 'kerberos' | 'spnego' | 'spnego-ntlm',
  options: { ccache?: string; switchConnection?: boolean; https?: { bindings: 'certificate' | 'wrong' | 'none' } } = {},
) {
  return runPythonJson<GssapiOutcome>(rig, 'gssapi_client.py', {
    host: rig.winrm.host,
    port: options.https ? rig.winrm.httpsPort : rig.winrm.httpPort,
    ...(options.https ? { tls: { caPath: rig.ca.certPath, bindings: options.https.bindings } } : {}),
    scheme,
    mech,
    spnHost: rig.winrm.spnHost,
    krb5Config: rig.krb5.krb5Conf,
    ccache: options.ccache,
    ntlm: { user: rig.winrm.ntlmUser, domain: rig.winrm.ntlmDomain, password: rig.winrm.ntlmPassword },
    command: 'echo sealed',
    ...(options.switchConnection ? { switchConnection: true } : {}),
  });
}
