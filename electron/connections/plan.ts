import { DeskError } from '../../shared/errors.ts';
import type { HostAuth, PlanProxy, PlanResult, PlatformCaps } from '../../shared/policy/connection-plan-types.ts';
import { planConnection } from '../../shared/policy/plan-connection.ts';
import { kerberosUnavailable } from '../auth/gss/native-gss.ts';
import type { ConnectionRequest, ProxyCandidate } from './request.ts';

/**
 * What this build can do: Kerberos runs (and seals) where its initiator loaded. The native library
 * is loaded only for a scheme that may use it, so NTLM and Basic start without it.
 */
export function platformCaps(auth: HostAuth): PlatformCaps {
  return { kerberosUnavailable: auth === 'kerberos' || auth === 'negotiate' ? kerberosUnavailable() : null };
}

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
    platformCaps(request.auth),
  );
}

export function refusalError(refusal: Extract<PlanResult, { ok: false }>): DeskError {
  return new DeskError(refusal.code, `${refusal.reason} Fix: ${refusal.fix}`);
}
