import { spawn } from 'node:child_process';
import { DeskError } from '../../shared/errors.ts';
import { kerberosReason } from './kerberos-message.ts';

/** `DOMAIN\user` → `user@DOMAIN`; `user@realm` keeps its realm, upper-cased as Kerberos realms are. */
export function principalOf(userName: string): string {
  const backslash = userName.indexOf('\\');
  if (backslash > 0) return `${userName.slice(backslash + 1)}@${userName.slice(0, backslash).toUpperCase()}`;
  const at = userName.lastIndexOf('@');
  return at > 0 ? `${userName.slice(0, at)}@${userName.slice(at + 1).toUpperCase()}` : userName;
}

// What a Kerberos tool needs from our environment: where the configuration is and how to find
// programs; nothing else (the user's other variables, secrets among them, stay ours).
const KERBEROS_ENV = ['PATH', 'KRB5_CONFIG', 'KRB5_KDC_PROFILE', 'KRB5_TRACE', 'LANG', 'LC_ALL', 'HOME', 'TMPDIR'];

export function kerberosToolEnv(env: Readonly<Record<string, string | undefined>>, ccache: string | undefined): Record<string, string> {
  const picked: Record<string, string> = {};
  for (const name of KERBEROS_ENV) {
    const value = env[name];
    if (value !== undefined) picked[name] = value;
  }
  if (ccache !== undefined) picked['KRB5CCNAME'] = ccache;
  return picked;
}

interface ToolResult {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

export function runKerberosTool(program: string, args: readonly string[], env: Record<string, string>, input?: string): Promise<ToolResult> {
  return new Promise<ToolResult>((resolve, reject) => {
    const child = spawn(program, args, { env, stdio: [input === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout!.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
    child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stdout, stderr }));
    if (child.stdin) {
      // A tool that exits before reading its input (a bad principal) must not take us down with EPIPE.
      child.stdin.on('error', () => undefined);
      child.stdin.end(input);
    }
  }).catch((error: NodeJS.ErrnoException) => {
    throw new DeskError('AUTH_FAILED', `${program} could not run (${error.code ?? 'error'}); install the Kerberos client tools.`, { cause: error });
  });
}

/**
 * Gets a TGT for a stored credential into the cache (or cache collection) `ccache` (Linux/macOS, MIT
 * or Heimdal kinit): the password goes to kinit's standard input, never onto a command line or into
 * an environment.
 */
export async function kinit(ccache: string, userName: string, password: string, env: Readonly<Record<string, string | undefined>>): Promise<string> {
  const principal = principalOf(userName);
  const result = await runKerberosTool('kinit', [principal], kerberosToolEnv(env, ccache), `${password}\n`);
  if (result.code !== 0) {
    // kinit's message names the principal and the reason, never the password; a cache it names (our
    // private collection's directory) is left out.
    const reason =
      result.stderr
        .split('\n')
        .map((line) => kerberosReason(line.replace(/^Password for [^:]*:\s*/i, '').replace(/^kinit: /, '')))
        .find((line) => line !== '') ?? 'unknown error';
    throw new DeskError('AUTH_FAILED', `Kerberos refused ${principal}: ${reason}`, { settings: ['credential'] });
  }
  return principal;
}
