import type { ConnectionRequest } from '../../electron/connections/request.ts';
import type { RigInfo } from '../rig/rig-info.ts';

/** Core tests that need no Kerberos say so: asking for it is a test bug. */
export const noKerberos = () => {
  throw new Error('this test uses no Kerberos');
};

/**
 * A connection request for the rig's test WinRM server as its NTLM user: HTTP (sealed) or HTTPS
 * (trusting the rig's CA), direct unless `routes` says otherwise.
 */
export function rigNtlmRequest(rig: RigInfo, transport: 'http' | 'https', overrides: Partial<ConnectionRequest> = {}): ConnectionRequest {
  return {
    endpoint: new URL(`${transport}://127.0.0.1:${transport === 'https' ? rig.winrm.httpsPort : rig.winrm.httpPort}/wsman`),
    auth: 'ntlm',
    identity: { kind: 'password', userName: `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`, password: async () => rig.winrm.ntlmPassword },
    ntlmFallback: false,
    encryption: 'auto',
    tls: { mode: 'ca', caFile: rig.ca.certPath },
    operationTimeoutSec: 20,
    shell: {},
    routes: [null],
    ...overrides,
  };
}

/** The same for Kerberos over HTTPS as `principal` with its password (the SPN host is the rig's). */
export function rigKerberosRequest(rig: RigInfo, principal: string, password: string): ConnectionRequest {
  return rigNtlmRequest(rig, 'https', { auth: 'kerberos', identity: { kind: 'password', userName: principal, password: async () => password }, spnHost: rig.winrm.spnHost });
}
