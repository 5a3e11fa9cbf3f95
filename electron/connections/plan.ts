import { DeskError } from '../../shared/errors.ts';
import type { PlanProxy, PlanResult, PlatformCaps } from '../../shared/policy/connection-plan-types.ts';
import { planConnection } from '../../shared/policy/plan-connection.ts';
import type { ConnectionRequest, ProxyCandidate } from './request.ts';

// The Linux/macOS Kerberos layer cannot encrypt messages (see DESIGN §3); SSPI could, but this build
// does not drive it yet, so no platform claims it.
export const PLATFORM: PlatformCaps = { kerberosSealing: false };

function certificateCheck(request: ConnectionRequest) {
  return request.tls.mode;
}

export function planProxy(route: ProxyCandidate | null): PlanProxy {
  if (!route) return { kind: 'direct' };
  return { kind: 'proxy', host: route.host, port: route.port, auth: route.auth, tunnelHttp: route.tunnelHttp };
}

/** The connection plan for one of the request's routes, computed before anything is read or sent. */
export function planRoute(request: ConnectionRequest, route: ProxyCandidate | null): PlanResult {
  return planConnection(
    {
      transport: request.endpoint.protocol === 'https:' ? 'https' : 'http',
      host: request.endpoint.hostname,
      port: Number(request.endpoint.port),
      auth: request.auth,
      encryption: request.encryption,
      certificate: certificateCheck(request),
      allowNtlmFallback: request.ntlmFallback,
    },
    planProxy(route),
    PLATFORM,
  );
}

export function refusalError(refusal: Extract<PlanResult, { ok: false }>): DeskError {
  return new DeskError(refusal.code, `${refusal.reason} Fix: ${refusal.fix}`);
}
