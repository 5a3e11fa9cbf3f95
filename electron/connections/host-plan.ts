import type { z } from 'zod';
import type { HostPlan, RoutePlan } from '../../shared/domain/host-plan.ts';
import { resolveHostSettings } from '../../shared/domain/host-inheritance.ts';
import type { HostProfile } from '../../shared/domain/host-profile.ts';
import type { ProfileDocument } from '../../shared/domain/profile-document.ts';
import { DeskError } from '../../shared/errors.ts';
import type { hostInputSchema } from '../../shared/ipc/contract.ts';
import type { ConnectionPlan, PlanResult } from '../../shared/policy/connection-plan-types.ts';
import { planConnection } from '../../shared/policy/plan-connection.ts';
import { planFixes, type FixContext } from '../../shared/policy/plan-fixes.ts';
import { formatAddress } from '../proxy/proxy-address.ts';
import type { ProxySources } from '../proxy/proxy-candidates.ts';
import { planProxy, platformCaps } from './plan.ts';
import { hostEndpoint } from '../store/resolve-profile.ts';
import { routesForProfile } from './proxy-routes.ts';
import type { ProxyCandidate } from './request.ts';

// The draft has no id yet; inheritance never looks at it, and the schema's shape wants one.
const DRAFT_ID = 'h_editor-draft';

const AUTH_NAMES = { basic: 'Basic', ntlm: 'NTLM', negotiate: 'Negotiate', kerberos: 'Kerberos' } as const;
const PROTECTION_NAMES = { tls: 'TLS', 'message-encryption': 'message encryption', 'tls+message-encryption': 'TLS and message encryption', none: 'unencrypted' } as const;
const PROXY_AUTH_NAMES = { none: '', basic: 'Basic', digest: 'Digest', negotiate: 'Negotiate', ntlm: 'NTLM' } as const;

/** "via proxy 127.0.0.1:3128 (CONNECT tunnel)", "direct". */
export function routeDescription(plan: Pick<ConnectionPlan, 'proxy' | 'route'>): string {
  if (!plan.proxy) return 'direct';
  const proxyAuth = plan.proxy.auth === 'none' ? '' : `, proxy authentication ${PROXY_AUTH_NAMES[plan.proxy.auth]}`;
  return `via proxy ${formatAddress(plan.proxy)} (${plan.route === 'tunnel' ? 'CONNECT tunnel' : 'forwarded'}${proxyAuth})`;
}

/** "via proxy 127.0.0.1:3128 (CONNECT tunnel), NTLM, TLS", "direct, NTLM, message encryption". */
export function routeSummary(plan: ConnectionPlan): string {
  return `${routeDescription(plan)}, ${AUTH_NAMES[plan.auth]}, ${PROTECTION_NAMES[plan.protection]}`;
}

function routePlan(result: PlanResult, route: ProxyCandidate | null, context: FixContext): RoutePlan {
  const fixes = planFixes(result, context);
  if (!result.ok) {
    const proxy = route ? { host: route.host, port: route.port, auth: route.auth } : null;
    return { ok: false, proxy, code: result.code, reason: result.reason, fix: result.fix, fixes };
  }
  return {
    ok: true,
    proxy: result.proxy,
    route: result.route,
    transport: result.transport,
    auth: result.auth,
    protection: result.protection,
    certificateVerification: result.certificateVerification,
    summary: routeSummary(result),
    warnings: [...result.warnings],
    notes: [...result.notes],
    fixes,
  };
}

function failed(error: unknown): HostPlan {
  if (!(error instanceof DeskError)) throw error;
  return { routes: [], notes: [], error: { code: error.code, message: error.message } };
}

/**
 * The connection plan for a host as the editor holds it, saved or not: its inherited settings, its
 * proxy profile's routes and, for each, the plan or the refusal with the fixes that are settings.
 * Nothing is sent anywhere and no secret is read; proxy settings this process cannot resolve (the
 * system proxy outside the desktop app, WinHTTP off Windows) are reported, never guessed.
 */
export async function planForHost(document: ProfileDocument, host: z.output<typeof hostInputSchema>, proxySources: ProxySources): Promise<HostPlan> {
  const draft: HostProfile = { ...host, id: DRAFT_ID };
  const { settings } = resolveHostSettings(draft, document.folders, document.settings.defaults);
  const profile = settings.proxyProfileId === null ? null : (document.proxyProfiles.find((p) => p.id === settings.proxyProfileId) ?? null);
  if (settings.proxyProfileId !== null && !profile) {
    return failed(new DeskError('NOT_FOUND', 'The proxy profile this host uses no longer exists; choose another one or none.', { settings: ['proxy'] }));
  }
  let endpoint: URL;
  try {
    endpoint = hostEndpoint(host.address, settings);
  } catch (error) {
    return failed(new DeskError('INVALID_ARGUMENT', `"${host.address.slice(0, 80)}" is not an address a WinRM URL can carry.`, { cause: error, settings: ['address'] }));
  }
  let found: Awaited<ReturnType<typeof routesForProfile>>;
  try {
    found = await routesForProfile(profile, endpoint, proxySources);
  } catch (error) {
    return failed(error);
  }
  const context: FixContext = { transport: settings.transport, auth: settings.auth, encryption: settings.encryption, proxyProfileId: profile?.id ?? null };
  const target = {
    transport: settings.transport,
    host: endpoint.hostname,
    port: settings.port,
    auth: settings.auth,
    encryption: settings.encryption,
    certificate: settings.tls.mode,
    allowNtlmFallback: settings.allowNtlmFallback,
  };
  return { routes: found.routes.map((route) => routePlan(planConnection(target, planProxy(route), platformCaps(target.auth)), route, context)), notes: [...found.notes], error: null };
}
