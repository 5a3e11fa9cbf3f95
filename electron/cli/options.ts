import { parseArgs } from 'node:util';
import { DeskError } from '../../shared/errors.ts';
import { HOST_AUTH_SCHEMES, type HostAuthScheme } from '../auth/host-auth.ts';

import { ENCRYPTION as ENCRYPTION_MODES, type Encryption as EncryptionMode } from '../../shared/policy/connection-plan-types.ts';

export interface ConnectionOptions {
  readonly url: URL;
  readonly auth: HostAuthScheme;
  readonly user: string;
  readonly passwordEnv: string;
  readonly spnHost: string | undefined;
  readonly caFile: string | undefined;
  readonly certThumbprint: string | undefined;
  readonly insecureSkipVerify: boolean;
  readonly encryption: EncryptionMode;
  readonly operationTimeoutSec: number;
  readonly codepage: number;
  readonly cwd: string | undefined;
  readonly env: Readonly<Record<string, string>>;
  readonly json: boolean;
}

export interface ParsedCommandLine {
  readonly verb: 'exec' | 'batch' | 'shell' | 'help';
  readonly connection: ConnectionOptions | null;
  /** For exec: the remote command and its arguments (everything after `--`). */
  readonly command: readonly string[];
}

const OPTIONS = {
  url: { type: 'string' },
  auth: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  'spn-host': { type: 'string' },
  ca: { type: 'string' },
  'cert-thumbprint': { type: 'string' },
  'insecure-skip-verify': { type: 'boolean' },
  encryption: { type: 'string' },
  'operation-timeout': { type: 'string' },
  codepage: { type: 'string' },
  cwd: { type: 'string' },
  env: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  help: { type: 'boolean', short: 'h' },
} as const;

function invalid(message: string): DeskError {
  return new DeskError('INVALID_ARGUMENT', message);
}

function oneOf<T extends string>(flag: string, value: string | undefined, allowed: readonly T[], fallback?: T): T {
  if (value === undefined) {
    if (fallback !== undefined) return fallback;
    throw invalid(`--${flag} is required (${allowed.join('|')})`);
  }
  if (!(allowed as readonly string[]).includes(value)) throw invalid(`--${flag} must be one of ${allowed.join('|')}, not "${value.slice(0, 32)}"`);
  return value as T;
}

function integer(flag: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback;
  if (!/^\d+$/.test(value) || Number(value) < min || Number(value) > max) throw invalid(`--${flag} must be a whole number from ${min} to ${max}`);
  return Number(value);
}

function endpoint(value: string | undefined): URL {
  if (!value) throw invalid('--url is required, e.g. https://host:5986/wsman');
  let url: URL;
  try {
    url = new URL(value);
  } catch {
    throw invalid('--url is not a URL; expected http(s)://host:port/wsman');
  }
  if (url.protocol !== 'http:' && url.protocol !== 'https:') throw invalid('--url must start with http:// or https://');
  if (url.username || url.password) throw invalid('--url must not carry credentials; use --user and --password-env');
  // Windows listeners answer at /wsman; a bare host means the default path and the transport's port.
  if (url.pathname === '/' || url.pathname === '') url.pathname = '/wsman';
  if (!url.port) url.port = url.protocol === 'https:' ? '5986' : '5985';
  return url;
}

function environment(pairs: readonly string[] | undefined): Record<string, string> {
  const env: Record<string, string> = {};
  for (const pair of pairs ?? []) {
    const eq = pair.indexOf('=');
    if (eq <= 0) throw invalid(`--env takes NAME=VALUE, not "${pair.slice(0, 32)}"`);
    env[pair.slice(0, eq)] = pair.slice(eq + 1);
  }
  return env;
}

/** Parses argv (without node and script); unknown options and malformed values are INVALID_ARGUMENT. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') return { verb: 'help', connection: null, command: [] };
  if (verb !== 'exec' && verb !== 'batch' && verb !== 'shell') throw invalid(`unknown command "${verb.slice(0, 32)}"; expected exec, batch or shell`);
  const dashDash = rest.indexOf('--');
  const optionArgs = dashDash === -1 ? rest : rest.slice(0, dashDash);
  const command = dashDash === -1 ? [] : rest.slice(dashDash + 1);
  let values;
  try {
    ({ values } = parseArgs({ args: optionArgs, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    throw invalid((error as Error).message.split('\n')[0]!.replace(/^.*?: /, ''));
  }
  if (values.help) return { verb: 'help', connection: null, command: [] };
  if (verb === 'exec' && command.length === 0) throw invalid('exec needs a command after "--", e.g. exec --url … -- ipconfig /all');
  if (verb !== 'exec' && command.length > 0) throw invalid(`${verb} takes no command after "--"`);
  if (!values.user) throw invalid('--user is required');
  if (!values['password-env']) throw invalid('--password-env VAR is required (the password is read from that environment variable, never from the command line)');
  return {
    verb,
    command,
    connection: {
      url: endpoint(values.url),
      auth: oneOf('auth', values.auth, HOST_AUTH_SCHEMES),
      user: values.user,
      passwordEnv: values['password-env'],
      spnHost: values['spn-host'],
      caFile: values.ca,
      certThumbprint: values['cert-thumbprint'],
      insecureSkipVerify: values['insecure-skip-verify'] ?? false,
      encryption: oneOf('encryption', values.encryption, ENCRYPTION_MODES, 'auto'),
      operationTimeoutSec: integer('operation-timeout', values['operation-timeout'], 1, 3600, 20),
      codepage: integer('codepage', values.codepage, 1, 65535, 65001),
      cwd: values.cwd,
      env: environment(values.env),
      json: values.json ?? false,
    },
  };
}
