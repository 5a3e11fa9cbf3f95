import type { ProxyProfile } from '../../shared/domain/proxy-profile.ts';
import { DeskError } from '../../shared/errors.ts';
import { proxyCandidates, type ProxySources } from '../proxy/proxy-candidates.ts';
import type { ProxyCandidate, ProxyCredential } from './request.ts';

export interface ProfileRoutes {
  /** To try in order; null is a direct connection. */
  readonly routes: Array<ProxyCandidate | null>;
  /** How the route was chosen ("the bypass list names this host"). */
  readonly notes: readonly string[];
}

/**
 * The one way a proxy profile becomes routes for a target, for opening a saved host and for planning
 * one in the editor alike. `credential` is asked for only when some route goes through a proxy (the
 * planner passes none: a plan reads no secret and needs none).
 */
export async function routesForProfile(profile: ProxyProfile | null, url: URL, sources: ProxySources, credential?: () => ProxyCredential | undefined): Promise<ProfileRoutes> {
  if (!profile || profile.access === 'none') return { routes: [null], notes: [] };
  // Refused rather than ignored: silently connecting direct is the ambient-proxy bug in reverse.
  if (profile.access === 'system' && !sources.resolveSystem) {
    throw new DeskError('NOT_SUPPORTED', `The proxy profile "${profile.name}" uses the system proxy settings, which can only be read by the desktop app; this window cannot resolve them.`, { settings: ['proxy'] });
  }
  if (profile.access === 'winhttp' && !sources.winhttpText) {
    throw new DeskError('NOT_SUPPORTED', `The proxy profile "${profile.name}" uses the WinHTTP settings, which exist only on Windows; on this machine, import what "netsh winhttp show proxy" prints into a manual proxy profile.`, { settings: ['proxy'] });
  }
  const { candidates, notes } = await proxyCandidates({ access: profile.access, ...(profile.url ? { manualUrl: profile.url } : {}), bypass: profile.bypass }, url, sources);
  const secret = candidates.some((c) => c !== null) ? credential?.() : undefined;
  const routes = candidates.map((c) =>
    c ? { host: c.host, port: c.port, auth: profile.auth, tunnelHttp: profile.tunnelForHttp, ...(secret ? { credential: secret } : {}), ...(profile.spnHost ? { spnHost: profile.spnHost } : {}) } : null,
  );
  return { routes, notes };
}
