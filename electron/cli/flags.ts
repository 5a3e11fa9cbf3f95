import type { Writable } from 'node:stream';
import { DeskError, type Setting } from '../../shared/errors.ts';
import { printableLine } from '../../shared/printable-line.ts';
import { LOCAL_FAILURE_EXIT } from './exit-status.ts';

export function invalid(message: string): DeskError {
  return new DeskError('INVALID_ARGUMENT', message);
}

/** One of `allowed` (case-insensitive), or undefined when the flag was not given. */
export function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T | undefined {
  if (value === undefined) return undefined;
  const lower = value.toLowerCase();
  if (!(allowed as readonly string[]).includes(lower)) throw invalid(`--${flag} must be one of ${allowed.join('|')}, not "${value.slice(0, 32)}"`);
  return lower as T;
}

export function requiredOneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[]): T {
  const chosen = oneOf(flag, value, allowed);
  if (chosen === undefined) throw invalid(`--${flag} is required (${allowed.join('|')})`);
  return chosen;
}

/** A whole number in [min, max], or undefined when the flag was not given. */
export function integer(flag: string, value: string | undefined, min: number, max: number): number | undefined {
  if (value === undefined) return undefined;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw invalid(`--${flag} must be a whole number from ${min} to ${max}`);
  return Number(value);
}

/** Repeated `--env NAME=VALUE` flags; undefined when none was given. */
export function environment(pairs: readonly string[] | undefined): Record<string, string> | undefined {
  if (!pairs?.length) return undefined;
  const env: Record<string, string> = {};
  for (const pair of pairs) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw invalid(`--env takes NAME=VALUE, not "${pair.slice(0, 32)}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** The value of the environment variable a `--…-env VAR` flag names; never echoed. */
export function secretFromEnv(env: NodeJS.ProcessEnv, flag: string, name: unknown): string {
  if (typeof name !== 'string' || name === '') throw invalid(`--${flag} VAR is required (the value is read from that environment variable, never from the command line)`);
  const value = env[name];
  if (value === undefined) throw invalid(`The environment variable ${name} (named by --${flag}) is not set.`);
  if (value === '') throw invalid(`The environment variable ${name} (named by --${flag}) is empty.`);
  return value;
}

// Where each setting a core error names is set on the command line (or in a saved host).
const FLAGS_FOR: Record<Setting, string> = {
  address: '--url',
  transport: '--url',
  auth: '--auth',
  credential: '--user, --password-env',
  spnHost: '--spn-host',
  ntlmFallback: '--ntlm-fallback',
  caFile: '--ca',
  certThumbprint: '--cert-thumbprint',
  insecureSkipVerify: '--insecure-skip-verify',
  encryption: '--encryption',
  proxy: '--proxy',
  proxyAuth: '--proxy-auth',
  proxyCredential: '--proxy-user, --proxy-password-env',
  proxyTunnel: '--proxy-tunnel',
  proxySpnHost: '--proxy-spn-host',
  bypass: '--bypass',
};

/** The command line's hint for the settings an error names, e.g. ` [--spn-host]`. */
export function flagHint(settings: readonly Setting[]): string {
  const flags = [...new Set(settings.map((s) => FLAGS_FOR[s]))];
  return flags.length ? ` [${flags.join('; ')}]` : '';
}

/** The one line every local failure prints: `winrm-desk: error CODE: message [flags to change]`. */
export function reportFailure(stderr: Writable, error: unknown): number {
  const info = error instanceof DeskError ? error.toInfo() : { code: 'INTERNAL', message: `unexpected failure (${error instanceof Error ? error.name : typeof error})` };
  const hint = error instanceof DeskError ? flagHint(error.settings) : '';
  // The message may quote a server (a fault's text): it is made one inert line.
  stderr.write(`winrm-desk: error ${info.code}: ${printableLine(info.message)}${hint}\n`);
  return LOCAL_FAILURE_EXIT;
}

/** A `winrm-desk: warning: …` or `winrm-desk: note: …` line; the text may quote a server or a file. */
export function printNotice(stderr: Writable, kind: 'warning' | 'note', message: string): void {
  stderr.write(`winrm-desk: ${kind}: ${printableLine(message)}\n`);
}
