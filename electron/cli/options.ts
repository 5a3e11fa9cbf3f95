import { parseArgs } from 'node:util';
import { environment, integer, invalid, oneOf, requiredOneOf } from './flags.ts';
import { HOST_AUTH_SCHEMES, type HostAuthScheme } from '../auth/host-auth.ts';

import { ENCRYPTION as ENCRYPTION_MODES, PROXY_AUTH, type Encryption as EncryptionMode, type ProxyAuth } from '../../shared/policy/connection-plan-types.ts';
import { parsePacAnswer } from '../proxy/pac-answer.ts';
import { parseProxyUrl, type ProxyUrl } from '../proxy/proxy-address.ts';

export interface ProxyOptions {
  readonly url: ProxyUrl;
  readonly auth: ProxyAuth;
  readonly user: string | undefined;
  readonly passwordEnv: string | undefined;
  /** CONNECT even for an http:// target (affinity guaranteed where the proxy allows it). */
  readonly tunnel: boolean;
  readonly spnHost: string | undefined;
}

export interface ConnectionOptions {
  readonly url: URL;
  readonly auth: HostAuthScheme;
  readonly user: string;
  readonly passwordEnv: string;
  /** null: no proxy (direct), the default: an ambient proxy never applies silently. */
  readonly proxy: ProxyOptions | null;
  /** Routes to try in order (null = DIRECT), from a PAC-style answer; overrides `proxy` when set. */
  readonly proxyChain: ReadonlyArray<ProxyOptions | null> | null;
  readonly bypass: string;
  readonly spnHost: string | undefined;
  /** Negotiate may use NTLM when no Kerberos ticket can be had (and, over HTTP, always: see the plan). */
  readonly ntlmFallback: boolean;
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

/** `--profile NAME`: the saved host supplies the connection; the command line keeps only these. */
export interface ProfileSelection {
  readonly ref: { readonly name: string; readonly store: string | undefined; readonly masterPasswordEnv: string | undefined };
  /** `encryption` absent: the saved host's setting applies. */
  readonly flags: { readonly encryption: EncryptionMode | undefined; readonly operationTimeoutSec: number; readonly json: boolean };
}

export interface ParsedCommandLine {
  readonly verb: 'exec' | 'batch' | 'shell' | 'plan' | 'help';
  readonly connection: ConnectionOptions | null;
  readonly profile: ProfileSelection | null;
  /** For exec: the remote command and its arguments (everything after `--`). */
  readonly command: readonly string[];
}

const OPTIONS = {
  url: { type: 'string' },
  auth: { type: 'string' },
  user: { type: 'string' },
  'password-env': { type: 'string' },
  'spn-host': { type: 'string' },
  'ntlm-fallback': { type: 'boolean' },
  ca: { type: 'string' },
  'cert-thumbprint': { type: 'string' },
  'insecure-skip-verify': { type: 'boolean' },
  encryption: { type: 'string' },
  'operation-timeout': { type: 'string' },
  codepage: { type: 'string' },
  cwd: { type: 'string' },
  env: { type: 'string', multiple: true },
  json: { type: 'boolean' },
  proxy: { type: 'string' },
  'proxy-auth': { type: 'string' },
  'proxy-user': { type: 'string' },
  'proxy-password-env': { type: 'string' },
  'proxy-tunnel': { type: 'boolean' },
  'proxy-spn-host': { type: 'string' },
  'no-proxy': { type: 'boolean' },
  bypass: { type: 'string' },
  'proxy-pac': { type: 'string' },
  profile: { type: 'string' },
  store: { type: 'string' },
  'master-password-env': { type: 'string' },
  help: { type: 'boolean', short: 'h' },
} as const;

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

/** `--proxy-pac "PROXY a:8080; PROXY b:8080; DIRECT"`: what a system resolver or PAC file answered. */
function proxyChain(values: Parameters<typeof proxyOptions>[0] & { 'proxy-pac'?: string | undefined }): Array<ProxyOptions | null> | null {
  const answer = values['proxy-pac'];
  if (answer === undefined) return null;
  if (values.proxy !== undefined || values['no-proxy']) throw invalid('--proxy-pac replaces --proxy and --no-proxy; give only one of them.');
  const { entries, skipped } = parsePacAnswer(answer);
  if (entries.length === 0) throw invalid(`--proxy-pac names no usable entry${skipped.length ? ` (skipped: ${skipped.join('; ')})` : ''}`);
  return entries.map((entry) => (entry.kind === 'direct' ? null : proxyOptions({ ...values, proxy: `${entry.host.includes(':') ? `[${entry.host}]` : entry.host}:${entry.port}` })));
}

function proxyOptions(values: {
  proxy?: string | undefined;
  'proxy-auth'?: string | undefined;
  'proxy-user'?: string | undefined;
  'proxy-password-env'?: string | undefined;
  'proxy-tunnel'?: boolean | undefined;
  'proxy-spn-host'?: string | undefined;
  'no-proxy'?: boolean | undefined;
  bypass?: string | undefined;
}): ProxyOptions | null {
  const proxyFlags = ['proxy-auth', 'proxy-user', 'proxy-password-env', 'proxy-tunnel', 'proxy-spn-host', 'bypass'] as const;
  if (values.proxy === undefined && (values as { 'proxy-pac'?: string })['proxy-pac'] !== undefined) return null;
  if (values['no-proxy']) {
    if (values.proxy !== undefined) throw invalid('--proxy and --no-proxy contradict each other; choose one.');
    return null;
  }
  if (values.proxy === undefined) {
    const stray = proxyFlags.find((flag) => values[flag] !== undefined);
    if (stray) throw invalid(`--${stray} needs --proxy URL`);
    return null;
  }
  const url = parseProxyUrl(values.proxy);
  if (url.credentials) throw invalid('--proxy must not carry credentials; use --proxy-user and --proxy-password-env');
  const auth = oneOf('proxy-auth', values['proxy-auth'], PROXY_AUTH) ?? 'none';
  if (auth !== 'none' && auth !== 'negotiate' && (!values['proxy-user'] || !values['proxy-password-env'])) {
    throw invalid(`--proxy-auth ${auth} needs --proxy-user and --proxy-password-env`);
  }
  return {
    url,
    auth,
    user: values['proxy-user'],
    passwordEnv: values['proxy-password-env'],
    tunnel: values['proxy-tunnel'] ?? false,
    spnHost: values['proxy-spn-host'],
  };
}

// What a saved host holds; giving it on the command line as well would leave two answers to one question.
const PROFILE_SUPPLIED = ['url', 'auth', 'user', 'password-env', 'spn-host', 'ntlm-fallback', 'ca', 'cert-thumbprint', 'insecure-skip-verify', 'codepage', 'cwd', 'env', 'proxy', 'proxy-pac', 'proxy-auth', 'proxy-user', 'proxy-password-env', 'proxy-tunnel', 'proxy-spn-host', 'no-proxy', 'bypass'] as const;

function profileCommandLine(verb: ParsedCommandLine['verb'], command: readonly string[], values: Record<string, unknown>): ParsedCommandLine {
  const clash = PROFILE_SUPPLIED.find((flag) => values[flag] !== undefined);
  if (clash) throw invalid(`--${clash} comes from the saved host with --profile; change it with \`winrm-desk profiles\` or drop --profile`);
  return {
    verb,
    command,
    connection: null,
    profile: {
      ref: { name: String(values['profile']), store: values['store'] as string | undefined, masterPasswordEnv: values['master-password-env'] as string | undefined },
      flags: {
        encryption: oneOf('encryption', values['encryption'] as string | undefined, ENCRYPTION_MODES),
        operationTimeoutSec: integer('operation-timeout', values['operation-timeout'] as string | undefined, 1, 3600) ?? 20,
        json: (values['json'] as boolean | undefined) ?? false,
      },
    },
  };
}

/** Parses argv (without node and script); unknown options and malformed values are INVALID_ARGUMENT. */
export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  const [verb, ...rest] = argv;
  if (verb === undefined || verb === 'help' || verb === '--help' || verb === '-h') return { verb: 'help', connection: null, profile: null, command: [] };
  if (verb !== 'exec' && verb !== 'batch' && verb !== 'shell' && verb !== 'plan') throw invalid(`unknown command "${verb.slice(0, 32)}"; expected exec, batch, shell or plan`);
  const dashDash = rest.indexOf('--');
  const optionArgs = dashDash === -1 ? rest : rest.slice(0, dashDash);
  const command = dashDash === -1 ? [] : rest.slice(dashDash + 1);
  let values;
  try {
    ({ values } = parseArgs({ args: optionArgs, options: OPTIONS, allowPositionals: false, strict: true }));
  } catch (error) {
    throw invalid((error as Error).message.split('\n')[0]!.replace(/^.*?: /, ''));
  }
  if (values.help) return { verb: 'help', connection: null, profile: null, command: [] };
  if (verb === 'exec' && command.length === 0) throw invalid('exec needs a command after "--", e.g. exec --url … -- ipconfig /all');
  if (verb !== 'exec' && command.length > 0) throw invalid(`${verb} takes no command after "--"`);
  if (values.profile !== undefined) return profileCommandLine(verb, command, values);
  if (values.store !== undefined || values['master-password-env'] !== undefined) throw invalid('--store and --master-password-env go with --profile');
  // `plan` sends nothing, so it needs no credentials; Kerberos can use the ticket cache (kinit) instead.
  const ticketCacheWillDo = values.auth === 'kerberos' || values.auth === 'negotiate';
  if (verb !== 'plan' && !values.user && !ticketCacheWillDo) throw invalid('--user is required');
  if (verb !== 'plan' && !values['password-env'] && !ticketCacheWillDo) {
    throw invalid('--password-env VAR is required (the password is read from that environment variable, never from the command line)');
  }
  return {
    verb,
    command,
    profile: null,
    connection: {
      url: endpoint(values.url),
      auth: requiredOneOf('auth', values.auth, HOST_AUTH_SCHEMES),
      user: values.user ?? '',
      passwordEnv: values['password-env'] ?? '',
      proxy: proxyOptions(values),
      proxyChain: proxyChain(values),
      bypass: values.bypass ?? '',
      spnHost: values['spn-host'],
      ntlmFallback: values['ntlm-fallback'] ?? false,
      caFile: values.ca,
      certThumbprint: values['cert-thumbprint'],
      insecureSkipVerify: values['insecure-skip-verify'] ?? false,
      encryption: oneOf('encryption', values.encryption, ENCRYPTION_MODES) ?? 'auto',
      operationTimeoutSec: integer('operation-timeout', values['operation-timeout'], 1, 3600) ?? 20,
      codepage: integer('codepage', values.codepage, 1, 65535) ?? 65001,
      cwd: values.cwd,
      env: environment(values.env) ?? {},
      json: values.json ?? false,
    },
  };
}
