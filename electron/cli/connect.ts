import { readFileSync } from 'node:fs';
import { DeskError } from '../../shared/errors.ts';
import type { ConnectionPlan, PlanProxy, PlanResult, PlatformCaps } from '../../shared/policy/connection-plan-types.ts';
import { planConnection } from '../../shared/policy/plan-connection.ts';
import { createBasicAuthenticator } from '../auth/basic.ts';
import { createKerberosAuthenticator } from '../auth/kerberos-authenticator.ts';
import { obtainTicket } from '../auth/kinit.ts';
import { createNegotiateAuthenticator } from '../auth/negotiate-authenticator.ts';
import { createNtlmAuthenticator } from '../auth/ntlm-authenticator.ts';
import type { AuthenticatorFactory } from '../auth/host-auth.ts';
import type { ConnectionRoute } from '../http/pinned-connection.ts';
import { checkCaBundle, normalizeThumbprint, type TlsPolicy } from '../http/tls-policy.ts';
import { parseBypassList } from '../proxy/bypass.ts';
import type { ProxyAuthFactory } from '../proxy/proxy-auth.ts';
import { createBasicProxyAuth, createDigestProxyAuth } from '../proxy/proxy-auth-basic-digest.ts';
import { createNegotiateProxyAuth } from '../proxy/proxy-auth-negotiate.ts';
import { createNtlmProxyAuth } from '../proxy/proxy-auth-ntlm.ts';
import { RemoteShell } from '../sessions/remote-shell.ts';
import { Session } from '../sessions/session.ts';
import type { ShellSpec } from '../winrm/shell-messages.ts';
import { formatAddress } from '../proxy/proxy-address.ts';
import { secretFromEnv } from './flags.ts';
import type { ConnectionOptions, ProxyOptions } from './options.ts';

// The Linux/macOS Kerberos layer cannot encrypt messages (see DESIGN §3); SSPI could, but this build
// does not drive it yet, so no platform claims it.
const PLATFORM: PlatformCaps = { kerberosSealing: false };

export interface Warning {
  readonly message: string;
}

function certificateCheck(options: ConnectionOptions) {
  if (options.insecureSkipVerify) return 'insecure' as const;
  if (options.certThumbprint) return 'pin' as const;
  return options.caFile ? ('ca' as const) : ('system' as const);
}

/** The proxy that applies to this target: none without --proxy, none when the bypass list names it. */
function proxyFor(options: ConnectionOptions): PlanProxy {
  const proxy = options.proxy;
  if (!proxy) return { kind: 'direct' };
  const port = Number(options.url.port);
  if (parseBypassList(options.bypass, 'winhttp').matches(options.url.hostname, port)) return { kind: 'direct' };
  return { kind: 'proxy', host: proxy.url.host, port: proxy.url.port, auth: proxy.auth, tunnelHttp: proxy.tunnel };
}

/** The connection plan for these options, computed before anything is read from disk or sent. */
export function planFor(options: ConnectionOptions): PlanResult {
  return planConnection(
    {
      transport: options.url.protocol === 'https:' ? 'https' : 'http',
      host: options.url.hostname,
      port: Number(options.url.port),
      auth: options.auth,
      encryption: options.encryption,
      certificate: certificateCheck(options),
      allowNtlmFallback: options.ntlmFallback,
    },
    proxyFor(options),
    PLATFORM,
  );
}

function tlsPolicy(options: ConnectionOptions): TlsPolicy {
  const chosen = [options.insecureSkipVerify && '--insecure-skip-verify', options.caFile && '--ca', options.certThumbprint && '--cert-thumbprint'].filter(Boolean);
  if (chosen.length > 1) throw new DeskError('INVALID_ARGUMENT', `${chosen.join(' and ')} contradict each other; choose one.`);
  if (options.insecureSkipVerify) return { mode: 'insecure' };
  if (options.certThumbprint) return { mode: 'pin', sha256: normalizeThumbprint(options.certThumbprint) };
  if (options.caFile) {
    let pem: string;
    try {
      pem = readFileSync(options.caFile, 'utf8');
    } catch (error) {
      throw new DeskError('INVALID_ARGUMENT', `--ca ${options.caFile} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`);
    }
    return { mode: 'ca', caPem: checkCaBundle(pem) };
  }
  return { mode: 'system' };
}

function hostAuthenticator(plan: ConnectionPlan, options: ConnectionOptions, password: string | undefined): AuthenticatorFactory {
  const serviceHost = options.spnHost ?? options.url.hostname;
  const encryptOverHttps = plan.protection === 'tls+message-encryption';
  switch (plan.auth) {
    case 'basic': {
      const credential = { userName: options.user, password: password ?? '' };
      // The plan admits Basic over HTTP only directly and only with encryption `never`.
      return () => createBasicAuthenticator(credential, { allowUnencryptedHttp: plan.protection === 'none' });
    }
    case 'kerberos':
      return () => createKerberosAuthenticator({ httpScheme: 'Kerberos', serviceHost });
    case 'negotiate': {
      const fallback = options.ntlmFallback && password !== undefined ? { credential: { userName: options.user, password }, encryptOverHttps } : undefined;
      return () => createNegotiateAuthenticator({ serviceHost, ...(fallback ? { ntlmFallback: fallback } : {}) });
    }
    case 'ntlm': {
      if (password === undefined) throw new DeskError('INVALID_ARGUMENT', 'NTLM needs a password: --password-env VAR.');
      const credential = { userName: options.user, password };
      // Negotiate that fell back to NTLM keeps the Negotiate scheme name on the wire, as Windows does.
      return () => createNtlmAuthenticator(credential, { httpScheme: 'Negotiate', spnHost: serviceHost, encryptOverHttps });
    }
  }
}

function proxyAuth(proxy: ProxyOptions, env: NodeJS.ProcessEnv): ProxyAuthFactory | undefined {
  switch (proxy.auth) {
    case 'none':
      return undefined;
    case 'basic':
    case 'digest': {
      const credential = { userName: proxy.user ?? '', password: secretFromEnv(env, 'proxy-password-env', proxy.passwordEnv ?? '') };
      return proxy.auth === 'basic' ? () => createBasicProxyAuth(credential) : () => createDigestProxyAuth(credential);
    }
    case 'negotiate':
      return () => createNegotiateProxyAuth(proxy.spnHost ?? proxy.url.host);
    case 'ntlm': {
      const credential = { userName: proxy.user ?? '', password: secretFromEnv(env, 'proxy-password-env', proxy.passwordEnv ?? '') };
      return () => createNtlmProxyAuth(credential, proxy.spnHost ?? proxy.url.host);
    }
  }
}

function routeFor(plan: ConnectionPlan, options: ConnectionOptions, env: NodeJS.ProcessEnv): ConnectionRoute {
  if (plan.route === 'direct' || !plan.proxy || !options.proxy) return { kind: 'direct' };
  const proxy = { host: plan.proxy.host, port: plan.proxy.port };
  if (plan.route === 'forward') return { kind: 'forward', proxy };
  const auth = proxyAuth(options.proxy, env);
  return { kind: 'tunnel', proxy, ...(auth ? { auth } : {}) };
}

export function refusalError(refusal: Extract<PlanResult, { ok: false }>): DeskError {
  return new DeskError(refusal.code, `${refusal.reason} Fix: ${refusal.fix}`);
}

export interface OpenedSession {
  readonly session: Session;
  readonly plan: ConnectionPlan;
  readonly warnings: Warning[];
  /** Closes the session and removes anything it created locally (a private ticket cache). */
  dispose(): Promise<void>;
}

// Failures that mean "this proxy cannot be used", after which the next PAC-style entry is tried.
const PROXY_UNREACHABLE = new Set(['CONNECTION_REFUSED', 'HOST_NOT_FOUND', 'TIMEOUT', 'PROXY_CONNECT_FAILED']);

export interface ReachedShell {
  readonly opened: OpenedSession;
  readonly shell: RemoteShell;
}

/**
 * Opens the session and its shell through the first usable route: the one proxy given, or each entry
 * of a PAC-style list in order (as browsers do: a proxy that cannot be reached gives way to the next
 * entry; a refused plan is skipped and never sends anything). The last failure is reported.
 */
export async function openShellFirstReachable(options: ConnectionOptions, env: NodeJS.ProcessEnv, password: string | undefined, spec: ShellSpec, warn: (message: string) => void): Promise<ReachedShell> {
  const attempts = options.proxyChain ?? [options.proxy];
  let refusal: DeskError | null = null;
  for (const [index, proxy] of attempts.entries()) {
    const attempt: ConnectionOptions = { ...options, proxy, proxyChain: null };
    const plan = planFor(attempt);
    if (!plan.ok) {
      refusal ??= refusalError(plan);
      continue;
    }
    const opened = await openSession(attempt, env, password);
    for (const warning of opened.warnings) warn(warning.message);
    try {
      return { opened, shell: await RemoteShell.open(opened.session, spec) };
    } catch (error) {
      await opened.dispose();
      const last = index === attempts.length - 1;
      if (!proxy || last || !(error instanceof DeskError) || !PROXY_UNREACHABLE.has(error.code)) throw error;
      warn(`the proxy ${formatAddress(proxy.url)} could not be used (${error.code}); trying the next entry.`);
    }
  }
  throw refusal ?? new DeskError('INVALID_ARGUMENT', 'The proxy list has no entry to try.');
}

/** Plans, then builds the session the plan describes. A refused plan throws before any byte is sent. */
export async function openSession(options: ConnectionOptions, env: NodeJS.ProcessEnv, suppliedPassword?: string): Promise<OpenedSession> {
  const plan = planFor(options);
  if (!plan.ok) throw refusalError(plan);
  // From the vault (--profile) or from the environment variable the user named; never from argv.
  const password = suppliedPassword ?? (options.passwordEnv ? secretFromEnv(env, 'password-env', options.passwordEnv) : undefined);
  const route = routeFor(plan, options, env);
  const tls = tlsPolicy(options);
  let ticketCache: Awaited<ReturnType<typeof obtainTicket>> | null = null;
  if ((plan.auth === 'kerberos' || plan.auth === 'negotiate') && password !== undefined) {
    // A password means "this identity", not whatever ticket the user's cache holds. The CLI serves
    // one identity per process, so pointing this process at the private cache is safe here.
    try {
      ticketCache = await obtainTicket(options.user, password, env);
      process.env['KRB5CCNAME'] = ticketCache.name;
    } catch (error) {
      // Negotiate may still go on with NTLM when the profile allows it; Kerberos may not.
      if (plan.auth === 'kerberos' || !options.ntlmFallback) throw error;
      process.env['KRB5CCNAME'] = 'MEMORY:winrm-desk-no-ticket';
    }
  }
  const session = new Session({ endpoint: options.url, route, tls, authenticator: hostAuthenticator(plan, options, password), operationTimeoutSec: options.operationTimeoutSec });
  return {
    session,
    plan,
    warnings: plan.warnings.map((message) => ({ message })),
    async dispose() {
      await session.close();
      await ticketCache?.dispose();
    },
  };
}
