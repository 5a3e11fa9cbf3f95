import { DeskError } from '../../shared/errors.ts';
import type { PlanResult } from '../../shared/policy/connection-plan-types.ts';
import type { KerberosIdentities } from '../connections/kerberos-identities.ts';
import { openShell, type OpenedShell } from '../connections/open-session.ts';
import { TlsSessionCache } from '../http/tls-session-cache.ts';
import { planRoute } from '../connections/plan.ts';
import type { ConnectionRequest, ProxyCandidate, TlsSetting } from '../connections/request.ts';
import { parseBypassList } from '../proxy/bypass.ts';
import { secretFromEnv } from './flags.ts';
import type { ConnectionOptions, ProxyOptions } from './options.ts';

function tlsSetting(options: ConnectionOptions): TlsSetting {
  const chosen = [options.insecureSkipVerify && '--insecure-skip-verify', options.caFile && '--ca', options.certThumbprint && '--cert-thumbprint'].filter(Boolean);
  if (chosen.length > 1) throw new DeskError('INVALID_ARGUMENT', `${chosen.join(' and ')} contradict each other; choose one.`);
  if (options.insecureSkipVerify) return { mode: 'insecure' };
  if (options.certThumbprint) return { mode: 'pin', sha256: options.certThumbprint };
  return options.caFile ? { mode: 'ca', caFile: options.caFile } : { mode: 'system' };
}

function proxyCandidate(proxy: ProxyOptions, env: NodeJS.ProcessEnv): ProxyCandidate {
  const needsCredential = proxy.auth === 'basic' || proxy.auth === 'digest' || proxy.auth === 'ntlm';
  return {
    host: proxy.url.host,
    port: proxy.url.port,
    auth: proxy.auth,
    tunnelHttp: proxy.tunnel,
    ...(proxy.spnHost ? { spnHost: proxy.spnHost } : {}),
    ...(needsCredential ? { credential: { userName: proxy.user ?? '', password: async () => secretFromEnv(env, 'proxy-password-env', proxy.passwordEnv ?? '') } } : {}),
  };
}

/** The proxy for this target: none without --proxy, none when the bypass list names it. */
function routeFor(options: ConnectionOptions, proxy: ProxyOptions | null, env: NodeJS.ProcessEnv): ProxyCandidate | null {
  if (!proxy) return null;
  if (parseBypassList(options.bypass, 'winhttp').matches(options.url.hostname, Number(options.url.port))) return null;
  return proxyCandidate(proxy, env);
}

/**
 * The command line's flags as a connection request. The password is read from the variable the user
 * named (never argv) only once the plan has accepted the connection; without --password-env,
 * Kerberos and Negotiate use the logged-on user's ticket.
 */
export function requestFromFlags(options: ConnectionOptions, env: NodeJS.ProcessEnv): ConnectionRequest {
  const proxies = options.proxyChain ?? [options.proxy];
  return {
    endpoint: options.url,
    auth: options.auth,
    identity: options.passwordEnv ? { kind: 'password', userName: options.user, password: async () => secretFromEnv(env, 'password-env', options.passwordEnv) } : { kind: 'logged-on-user' },
    ...(options.spnHost ? { spnHost: options.spnHost } : {}),
    ntlmFallback: options.ntlmFallback,
    encryption: options.encryption,
    tls: tlsSetting(options),
    operationTimeoutSec: options.operationTimeoutSec,
    shell: {
      codepage: options.codepage,
      ...(options.cwd ? { workingDirectory: options.cwd } : {}),
      ...(Object.keys(options.env).length ? { environment: options.env } : {}),
    },
    routes: proxies.map((proxy) => routeFor(options, proxy, env)),
  };
}

/** The plan of each route the request would try, in order; nothing is read or sent. */
export function plansFor(request: ConnectionRequest): PlanResult[] {
  return request.routes.map((route) => planRoute(request, route));
}

function needsKerberos(request: ConnectionRequest): boolean {
  return request.auth === 'kerberos' || request.auth === 'negotiate' || request.routes.some((r) => r?.auth === 'negotiate');
}

export interface CliShell {
  readonly opened: OpenedShell;
  /** Deletes the remote shell, closes the session and removes this run's Kerberos tickets. */
  dispose(): Promise<{ shellDeleted: boolean; error?: DeskError }>;
}

/**
 * The command line serves one session per process: when it may use Kerberos, its private credential
 * collection is made before that session and removed after it.
 */
export async function openCliShell(request: ConnectionRequest, env: NodeJS.ProcessEnv, warn: (message: string) => void): Promise<CliShell> {
  let identities: KerberosIdentities | null = null;
  if (needsKerberos(request)) {
    // kinit and its helpers are loaded only for a connection that may use Kerberos.
    const { KerberosIdentities } = await import('../connections/kerberos-identities.ts');
    identities = new KerberosIdentities({ env: { ...env } });
  }
  const kerberos = () => {
    if (!identities) throw new DeskError('INTERNAL', 'Kerberos was not prepared for this connection.');
    return identities;
  };
  let opened: OpenedShell;
  try {
    // The run's second lane (input while a Receive waits) resumes the first lane's TLS session.
    opened = await openShell(request, { kerberos, warn, tlsSessions: new TlsSessionCache() });
  } catch (error) {
    identities?.dispose();
    throw error;
  }
  return {
    opened,
    async dispose() {
      try {
        return await opened.dispose();
      } finally {
        identities?.dispose();
      }
    },
  };
}
