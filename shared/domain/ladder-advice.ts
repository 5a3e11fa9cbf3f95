import type { ErrorCode, Setting } from '../errors.ts';
import { LADDER_STEPS, type LadderStepName } from './connection-test.ts';

/**
 * What an admin changes when a connection test fails with this code, said once for every surface.
 * The error's own message says what happened; this says what to do about it.
 */
export const LADDER_ADVICE: Partial<Record<ErrorCode, string>> = {
  HOST_NOT_FOUND: 'Check the host’s address, and that this machine’s DNS servers know the name.',
  CONNECTION_REFUSED: 'Check the port, that the WinRM listener runs (winrm quickconfig) and that the firewall lets this machine in.',
  TIMEOUT: 'Check that the host (or the proxy) is reachable from this machine and that no firewall drops the connection.',
  CONNECTION_LOST: 'Test again; if it keeps failing, check the proxy and the network between this machine and the host.',
  PROXY_AUTH_REQUIRED: 'Set the proxy profile’s authentication to a scheme the proxy offers and link a proxy credential; over HTTP, also switch the host to HTTPS (port 5986).',
  PROXY_AUTH_FAILED: 'Check the user name and password of the proxy credential linked to the proxy profile.',
  PROXY_CONNECT_FAILED: 'Ask the proxy’s admin to allow CONNECT to this host and port, or add the host to the bypass list.',
  TLS_UNTRUSTED: 'Trust the server’s CA (CA file) or pin the certificate’s SHA-256 shown above.',
  TLS_HOSTNAME_MISMATCH: 'Connect by a name the certificate lists, or have the server’s certificate issued for this name.',
  TLS_PIN_MISMATCH: 'The certificate changed: if the change is expected, pin the new SHA-256 shown above; otherwise do not connect.',
  TLS_FAILED: 'Check that this port is the host’s HTTPS listener (5986 by default).',
  AUTH_FAILED: 'Check the user name and password of the credential linked to this host, and the authentication scheme.',
  AFFINITY_LOST: 'The proxy does not keep connection affinity: use HTTPS (port 5986) or tunnel HTTP through CONNECT.',
  INTEGRITY_FAILED: 'Something between this machine and the host changed the messages: connect over HTTPS or directly, and tell the network’s admin.',
  HTTP_ERROR: 'Check that the address and port are the host’s WinRM listener (path /wsman).',
  MALFORMED_RESPONSE: 'Check that the address and port are the host’s WinRM listener, not another service.',
  PROTOCOL_ERROR: 'Check that the address and port are the host’s WinRM listener, not another service.',
  WSMAN_FAULT: 'Check that the account may open remote shells (WinRM’s MaxShellsPerUser and the account’s rights).',
  SHELL_NOT_FOUND: 'The server forgot the shell: test again; check WinRM’s idle timeout if it keeps happening.',
  VAULT_LOCKED: 'Unlock the credential vault, then test again.',
  NOT_FOUND: 'Link a credential (or proxy profile) that exists to this host.',
  NOT_SUPPORTED: 'Use a manual proxy profile here, or test from the desktop app.',
  INVALID_ARGUMENT: 'Correct the host’s settings named above.',
};

export function ladderAdvice(code: ErrorCode): string {
  return LADDER_ADVICE[code] ?? 'Check the host’s settings and test again.';
}

// The step an error code belongs to whatever happened before it; other codes fail the step in progress.
const STEP_OF: Partial<Record<ErrorCode, LadderStepName>> = {
  HOST_NOT_FOUND: 'resolve',
  PROXY_AUTH_REQUIRED: 'proxy-auth',
  PROXY_AUTH_FAILED: 'proxy-auth',
  PROXY_CONNECT_FAILED: 'tunnel',
  TLS_UNTRUSTED: 'tls',
  TLS_HOSTNAME_MISMATCH: 'tls',
  TLS_PIN_MISMATCH: 'tls',
  TLS_FAILED: 'tls',
  AUTH_FAILED: 'winrm-auth',
  AFFINITY_LOST: 'winrm-auth',
  INTEGRITY_FAILED: 'encryption',
  VAULT_LOCKED: 'winrm-auth',
};

// A setting that was refused before anything was sent (a CA file that does not parse, a credential
// without a password) belongs to the step that would have used it.
const STEP_OF_SETTING: Partial<Record<Setting, LadderStepName>> = {
  caFile: 'tls',
  certThumbprint: 'tls',
  insecureSkipVerify: 'tls',
  credential: 'winrm-auth',
  auth: 'winrm-auth',
  spnHost: 'winrm-auth',
  ntlmFallback: 'winrm-auth',
  proxyAuth: 'proxy-auth',
  proxyCredential: 'proxy-auth',
  proxySpnHost: 'proxy-auth',
};

/**
 * The step a failure with this code belongs to, given the steps already decided. A refused or lost
 * connection is the TCP step's until TCP succeeded; after that it fails whatever was in progress.
 * `settings` are those the error names, for a setting refused before anything was sent.
 */
export function failingStep(code: ErrorCode, decided: ReadonlySet<LadderStepName>, settings: readonly Setting[] = []): LadderStepName {
  const named = STEP_OF[code] ?? settings.map((s) => STEP_OF_SETTING[s]).find((step) => step !== undefined);
  if (named && !decided.has(named)) return named;
  if ((code === 'CONNECTION_REFUSED' || code === 'TIMEOUT') && !decided.has('tcp')) return 'tcp';
  return LADDER_STEPS.find((step) => !decided.has(step)) ?? 'shell-delete';
}
