import { runPythonJson } from './python-json.ts';
import type { RigInfo } from './rig-info.ts';

export interface PywinrmCommand {
  readonly command: string;
  readonly arguments?: readonly string[];
  readonly stdin?: string;
  /** Leave stdout out of the result (large output): only its length and SHA-256. */
  readonly hashOnly?: boolean;
}

export interface PywinrmSpec {
  readonly endpoint: string;
  readonly transport: 'ntlm' | 'basic' | 'kerberos';
  readonly username?: string;
  readonly password?: string;
  readonly caPath?: string;
  readonly proxy?: string;
  readonly messageEncryption?: 'auto' | 'always' | 'never';
  readonly kerberosHostnameOverride?: string;
  readonly krb5Config?: string;
  readonly ccache?: string;
  readonly operationTimeoutSec?: number;
  readonly readTimeoutSec?: number;
  readonly commands: readonly PywinrmCommand[];
}

export interface PywinrmResult {
  readonly exitCode: number;
  readonly stdout?: string;
  readonly stderr: string;
  readonly stdoutLength: number;
  readonly stdoutSha256: string;
}

export type PywinrmOutcome =
  | { readonly ok: true; readonly results: readonly PywinrmResult[] }
  | { readonly ok: false; readonly error: { readonly type: string; readonly message: string } };

/** Runs the commands in one shell through Debian's pywinrm (test/rig/pywinrm_client.py). */
export function runPywinrm(rig: RigInfo, spec: PywinrmSpec): Promise<PywinrmOutcome> {
  return runPythonJson<PywinrmOutcome>(rig, 'pywinrm_client.py', spec);
}
