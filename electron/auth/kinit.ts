import { spawn } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { DeskError } from '../../shared/errors.ts';

export interface PrivateTicketCache {
  /** Value for KRB5CCNAME. */
  readonly name: string;
  dispose(): Promise<void>;
}

/** `DOMAIN\user` → `user@DOMAIN`; `user@realm` keeps its realm, upper-cased as Kerberos realms are. */
export function principalOf(userName: string): string {
  const backslash = userName.indexOf('\\');
  if (backslash > 0) return `${userName.slice(backslash + 1)}@${userName.slice(0, backslash).toUpperCase()}`;
  const at = userName.lastIndexOf('@');
  return at > 0 ? `${userName.slice(0, at)}@${userName.slice(at + 1).toUpperCase()}` : userName;
}

/**
 * Gets a TGT for a stored credential into a cache of its own (Linux/macOS, MIT or Heimdal kinit): the
 * password goes to kinit's standard input, never onto a command line or into the environment.
 */
export async function obtainTicket(userName: string, password: string, env: NodeJS.ProcessEnv = process.env): Promise<PrivateTicketCache> {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-krb5-'));
  const name = `FILE:${path.join(dir, 'ccache')}`;
  const principal = principalOf(userName);
  const result = await new Promise<{ code: number | null; stderr: string }>((resolve, reject) => {
    const child = spawn('kinit', [principal], { env: { ...env, KRB5CCNAME: name }, stdio: ['pipe', 'ignore', 'pipe'] });
    let stderr = '';
    child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
    child.once('error', reject);
    child.once('close', (code) => resolve({ code, stderr }));
    child.stdin.end(`${password}\n`);
  }).catch((error: NodeJS.ErrnoException) => {
    throw new DeskError('AUTH_FAILED', `kinit could not run (${error.code ?? 'error'}); install the Kerberos client tools.`);
  });
  if (result.code !== 0) {
    await rm(dir, { recursive: true, force: true });
    // kinit's message names the principal and the reason, never the password.
    const reason =
      result.stderr
        .split('\n')
        .map((line) => line.replace(/^Password for [^:]*:\s*/i, '').replace(/^kinit: /, '').trim())
        .find((line) => line !== '') ?? 'unknown error';
    throw new DeskError('AUTH_FAILED', `Kerberos refused ${principal}: ${reason.trim().slice(0, 200)}`);
  }
  return { name, dispose: () => rm(dir, { recursive: true, force: true }) };
}
