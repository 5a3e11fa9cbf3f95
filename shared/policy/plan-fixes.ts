import type { PlanFix } from '../domain/host-plan.ts';
import type { Transport } from '../domain/transport.ts';
import type { Encryption, HostAuth, PlanResult } from './connection-plan-types.ts';

/** What a fix may change besides the plan itself: the host's own choices and the proxy profile in use. */
export interface FixContext {
  readonly transport: Transport;
  readonly auth: HostAuth;
  readonly encryption: Encryption;
  /** The proxy profile the route came from; a fix that changes it names it. */
  readonly proxyProfileId: string | null;
}

// `port: null` clears the host's port, so HTTPS takes its own default (5986) and not a port chosen for HTTP.
const SWITCH_TO_HTTPS: PlanFix = { kind: 'host', label: 'Switch to HTTPS (port 5986)', changes: { transport: 'https', port: null } };
const ENCRYPTION_AUTO: PlanFix = { kind: 'host', label: 'Set encryption to auto', changes: { encryption: 'auto' } };

function tunnel(proxyProfileId: string): PlanFix {
  return { kind: 'proxy-profile', label: 'Use a CONNECT tunnel', proxyProfileId, changes: { tunnelForHttp: true } };
}

/**
 * The one-click fixes for a plan: for a refusal, the settings its fix names ("switch the host to
 * HTTPS", "set encryption to auto"); for an accepted plan, the ways out of its warnings (a
 * connection-based scheme forwarded through a proxy works only if the proxy keeps affinity). Fixes
 * that are not settings (another proxy profile, another scheme, a server change) stay words.
 */
export function planFixes(result: PlanResult, context: FixContext): PlanFix[] {
  if (result.ok) {
    if (result.route !== 'forward' || !result.connectionBasedAuth) return [];
    return context.proxyProfileId ? [tunnel(context.proxyProfileId), SWITCH_TO_HTTPS] : [SWITCH_TO_HTTPS];
  }
  const toHttps = context.transport === 'http' ? [SWITCH_TO_HTTPS] : [];
  switch (result.code) {
    case 'POLICY_PROXY_AUTH_REQUIRES_HTTPS':
    case 'POLICY_BASIC_OVER_HTTP':
      return toHttps;
    case 'POLICY_UNENCRYPTED_VIA_PROXY':
      // With Basic, encryption auto cannot help: Basic cannot seal, so only HTTPS protects it.
      return context.encryption === 'never' && context.auth !== 'basic' ? [ENCRYPTION_AUTO, ...toHttps] : toHttps;
    case 'POLICY_ENCRYPTION_UNAVAILABLE':
      return context.encryption === 'always' ? [ENCRYPTION_AUTO] : [];
    default:
      return [];
  }
}
