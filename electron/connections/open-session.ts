import { readFileSync } from 'node:fs';
import type { ConnectionFacts } from '../../shared/domain/connection-facts.ts';
import { DeskError } from '../../shared/errors.ts';
import type { ConnectionPlan } from '../../shared/policy/connection-plan-types.ts';
import type { ConnectionRoute } from '../http/pinned-connection.ts';
import { checkCaBundle, normalizeThumbprint, type TlsPolicy } from '../http/tls-policy.ts';
import type { TlsSessionCache } from '../http/tls-session-cache.ts';
import { formatAddress } from '../proxy/proxy-address.ts';
import { RemoteShell, type CloseOptions } from '../sessions/remote-shell.ts';
import { Session, type SessionHopEvent } from '../sessions/session.ts';
import { hostAuthenticator, proxyAuthenticator, type HostSignIn } from './authenticators.ts';
import type { KerberosIdentities } from './kerberos-identities.ts';
import { planRoute, refusalError } from './plan.ts';
import type { ConnectionRequest, ProxyCandidate, TlsSetting } from './request.ts';

export interface ConnectDeps {
  /** The process's Kerberos identities; asked for only when a Kerberos or Negotiate sign-in needs them. */
  readonly kerberos: () => KerberosIdentities;
  /** Plan warnings and route fail-overs, for the surface to show. */
  readonly warn?: (message: string) => void;
  /** Every hop of the session's connections, for the tab's badge and the connection test. */
  readonly onHop?: (hop: SessionHopEvent) => void;
  readonly connectTimeoutMs?: number;
  /**
   * The owner's TLS sessions, shared by its sessions to the same targets (a second lane, a reconnect,
   * another tab to the host resume instead of a full handshake). Without it every handshake is full.
   */
  readonly tlsSessions?: TlsSessionCache;
}

export interface OpenedSession {
  readonly session: Session;
  readonly plan: ConnectionPlan;
  readonly route: ProxyCandidate | null;
}

export interface OpenedShell extends OpenedSession {
  readonly shell: RemoteShell;
  /** What the session is now: route, protection, certificate, lanes. */
  facts(): ConnectionFacts;
  /**
   * Deletes the remote shell (saying whether that worked; a server that does not answer by the
   * deadline gives TIMEOUT), then closes the session. Ends in bounded time; safe to repeat.
   */
  dispose(options?: CloseOptions): Promise<{ shellDeleted: boolean; error?: DeskError }>;
}

// Failures that mean "this proxy cannot be used", after which the next PAC-style entry is tried.
const PROXY_UNREACHABLE = new Set(['CONNECTION_REFUSED', 'HOST_NOT_FOUND', 'TIMEOUT', 'PROXY_CONNECT_FAILED']);

export function readCaFile(file: string): string {
  let pem: string;
  try {
    pem = readFileSync(file, 'utf8');
  } catch (error) {
    throw new DeskError('INVALID_ARGUMENT', `The CA file ${file} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: error, settings: ['caFile'] });
  }
  return checkCaBundle(pem);
}

function tlsPolicy(setting: TlsSetting): TlsPolicy {
  switch (setting.mode) {
    case 'system':
    case 'insecure':
      return setting;
    case 'pin':
      return { mode: 'pin', sha256: normalizeThumbprint(setting.sha256) };
    case 'ca':
      return { mode: 'ca', caPem: readCaFile(setting.caFile) };
  }
}

async function signIn(plan: ConnectionPlan, request: ConnectionRequest, deps: ConnectDeps): Promise<HostSignIn> {
  const identity = request.identity;
  const password = identity.kind === 'password' ? await identity.password() : undefined;
  const userName = identity.kind === 'password' ? identity.userName : '';
  if (plan.auth !== 'kerberos' && plan.auth !== 'negotiate') return { userName, password, principal: undefined };
  try {
    // A password means "this identity", not whatever ticket the user's cache holds.
    const kerberos = deps.kerberos();
    const identity = password === undefined ? await kerberos.loggedOnIdentity() : await kerberos.identityForPassword(userName, password);
    return { userName, password, principal: identity.principal, ...(identity.ccache ? { ccache: identity.ccache } : {}) };
  } catch (error) {
    // Negotiate may still go on with NTLM when the profile allows it; Kerberos may not.
    if (plan.auth === 'kerberos' || !request.ntlmFallback || password === undefined) throw error;
    return { userName, password, principal: undefined, kerberosUnavailable: true };
  }
}

async function connectionRoute(plan: ConnectionPlan, route: ProxyCandidate | null, deps: ConnectDeps): Promise<ConnectionRoute> {
  if (plan.route === 'direct' || !plan.proxy || !route) return { kind: 'direct' };
  const proxy = { host: plan.proxy.host, port: plan.proxy.port };
  if (plan.route === 'forward') return { kind: 'forward', proxy };
  const auth = await proxyAuthenticator(route, () => deps.kerberos().loggedOnIdentity());
  return { kind: 'tunnel', proxy, ...(auth ? { auth } : {}) };
}

/** Plans one route, then builds the session it describes. A refused plan throws before any byte is sent. */
export async function openSession(request: ConnectionRequest, route: ProxyCandidate | null, deps: ConnectDeps): Promise<OpenedSession> {
  const plan = planRoute(request, route);
  if (!plan.ok) throw refusalError(plan);
  const tls = tlsPolicy(request.tls);
  const connection = await connectionRoute(plan, route, deps);
  const authenticator = hostAuthenticator(plan, request, await signIn(plan, request, deps));
  const session = new Session({
    endpoint: request.endpoint,
    route: connection,
    tls,
    authenticator,
    operationTimeoutSec: request.operationTimeoutSec,
    ...(deps.connectTimeoutMs ? { connectTimeoutMs: deps.connectTimeoutMs } : {}),
    ...(deps.tlsSessions ? { tlsSessions: deps.tlsSessions } : {}),
  });
  return { session, plan, route };
}

/**
 * Opens the session and its shell through the first usable route: each entry of the request's list
 * in order (as browsers do with a PAC answer: a proxy that cannot be reached gives way to the next
 * entry; a refused plan is skipped and never sends anything). The last failure is reported.
 */
export async function openShell(request: ConnectionRequest, deps: ConnectDeps): Promise<OpenedShell> {
  if (request.routes.length === 0) throw new DeskError('INVALID_ARGUMENT', 'The proxy settings name no route to this host.', { settings: ['proxy'] });
  let refusal: DeskError | null = null;
  for (const [index, route] of request.routes.entries()) {
    const plan = planRoute(request, route);
    if (!plan.ok) {
      refusal ??= refusalError(plan);
      continue;
    }
    for (const warning of plan.warnings) deps.warn?.(warning);
    const opened = await openSession(request, route, deps);
    const watch = watchFacts(opened);
    const stopHops = deps.onHop ? opened.session.onHop(deps.onHop) : () => true;
    try {
      const started = performance.now();
      const shell = await RemoteShell.open(opened.session, request.shell);
      deps.onHop?.({ stage: 'shell', detail: `shell ${shell.id} created`, durationMs: performance.now() - started, lane: 0 });
      return withShell(opened, shell, watch, stopHops, () => openSession(request, route, deps));
    } catch (error) {
      stopHops();
      watch.stop();
      await opened.session.close();
      const last = index === request.routes.length - 1;
      if (!route || last || !(error instanceof DeskError) || !PROXY_UNREACHABLE.has(error.code)) throw error;
      deps.warn?.(`the proxy ${formatAddress(route)} could not be used (${error.code}); trying the next entry.`);
    }
  }
  throw refusal ?? new DeskError('INVALID_ARGUMENT', 'The proxy settings name no route to this host.', { settings: ['proxy'] });
}

interface FactsWatch {
  readonly mechanism: () => ConnectionFacts['mechanism'];
  readonly certificate: () => string | null;
  stop(): void;
}

function watchFacts(opened: OpenedSession): FactsWatch {
  let mechanism: ConnectionFacts['mechanism'] = opened.plan.auth === 'basic' ? 'basic' : opened.plan.auth === 'ntlm' ? 'ntlm' : opened.plan.auth === 'kerberos' ? 'kerberos' : null;
  let certificate: string | null = null;
  const stop = opened.session.onHop((hop) => {
    if (hop.mechanism) mechanism = hop.mechanism;
    if (hop.certificateSha256) certificate = hop.certificateSha256;
  });
  return { mechanism: () => mechanism, certificate: () => certificate, stop };
}

// The session that carried these can no longer be trusted or used; the shell itself may well live on.
const SESSION_BROKEN = new Set(['INTEGRITY_FAILED', 'AFFINITY_LOST', 'CONNECTION_LOST', 'PROTOCOL_ERROR', 'MALFORMED_RESPONSE']);

function withShell(opened: OpenedSession, shell: RemoteShell, watch: FactsWatch, stopHops: () => unknown, reopen: () => Promise<OpenedSession>): OpenedShell {
  let disposing: Promise<{ shellDeleted: boolean; error?: DeskError }> | null = null;
  const { plan, session } = opened;
  return {
    ...opened,
    shell,
    facts: () => ({
      endpoint: session.settings.endpoint,
      route: plan.route,
      proxy: plan.proxy,
      auth: plan.auth,
      mechanism: watch.mechanism(),
      protection: plan.protection,
      certificateVerification: plan.certificateVerification,
      certificateSha256: watch.certificate(),
      lanes: session.openLanes,
      shellId: shell.id,
      warnings: [...plan.warnings],
    }),
    dispose(options) {
      disposing ??= (async () => {
        let result: { shellDeleted: boolean; error?: DeskError } = { shellDeleted: true };
        try {
          await shell.close(options);
        } catch (error) {
          result = { shellDeleted: false, error: error instanceof DeskError ? error : new DeskError('INTERNAL', 'The remote shell could not be deleted.', { cause: error }) };
        }
        watch.stop();
        stopHops();
        await session.close();
        // A broken session (a tampered reply, lost affinity) cannot delete its shell: a fresh session,
        // signed in anew, deletes it, so nothing stays open on the server until its idle timeout.
        if (!result.shellDeleted && result.error && SESSION_BROKEN.has(result.error.code)) {
          let fresh: OpenedSession | null = null;
          try {
            fresh = await reopen();
            await RemoteShell.attach(fresh.session, shell.id).close(options);
            result = { shellDeleted: true };
          } catch {
            // The first failure is the one to report.
          } finally {
            await fresh?.session.close();
          }
        }
        return result;
      })();
      return disposing;
    },
  };
}
