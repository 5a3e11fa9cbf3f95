import type { ConnectionPlan, HostAuth, PlanProxy, PlanRefusal, PlanResult, PlanTarget, PlatformCaps } from './connection-plan-types.ts';

function refuse(code: PlanRefusal['code'], reason: string, fix: string): PlanRefusal {
  return { ok: false, code, reason, fix };
}

const CONNECTION_BASED: readonly HostAuth[] = ['ntlm', 'negotiate', 'kerberos'];
const SCHEME_NAMES: Readonly<Record<HostAuth, string>> = { basic: 'Basic', ntlm: 'NTLM', negotiate: 'Negotiate', kerberos: 'Kerberos' };

/**
 * Decides, before anything is sent, how to reach a WinRM target — or refuses, saying what to change.
 * Each branch is one rule of Microsoft's "Proxy servers and WinRM" guidance:
 *  - a proxy that requires authentication is used only for HTTPS targets;
 *  - unencrypted HTTP never goes through a proxy (Basic over HTTP included, whatever the settings);
 *  - over HTTP the messages are encrypted by the connection-based scheme (NTLM or Kerberos), so Basic over HTTP is direct-only and only when the user says the server allows it;
 *  - HTTPS through a proxy always uses a CONNECT tunnel, which also guarantees connection affinity.
 */
export function planConnection(target: PlanTarget, proxy: PlanProxy, caps: PlatformCaps): PlanResult {
  const viaProxy = proxy.kind === 'proxy';
  const isHttp = target.transport === 'http';
  const where = `${target.transport}://${target.host}:${target.port}`;
  const notes: string[] = [];
  const warnings: string[] = [];

  if (isHttp && viaProxy && proxy.auth !== 'none') {
    return refuse(
      'POLICY_PROXY_AUTH_REQUIRES_HTTPS',
      `The proxy ${proxy.host}:${proxy.port} requires authentication, and WinRM through an authenticating proxy must use HTTPS.`,
      'Switch the host to HTTPS (port 5986), or use a proxy profile without proxy authentication.',
    );
  }
  if (isHttp && viaProxy && (target.auth === 'basic' || target.encryption === 'never')) {
    return refuse(
      'POLICY_UNENCRYPTED_VIA_PROXY',
      `${where} would be reached over unencrypted HTTP through the proxy ${proxy.host}:${proxy.port}${target.auth === 'basic' ? ' with Basic authentication' : ''}; unencrypted HTTP is never sent through a proxy.`,
      target.auth === 'basic'
        ? 'Switch the host to HTTPS (port 5986), or use NTLM/Negotiate with message encryption.'
        : 'Set encryption to auto (message encryption on HTTP), or switch the host to HTTPS (port 5986).',
    );
  }
  if (isHttp && target.auth === 'basic' && target.encryption !== 'never') {
    return refuse(
      'POLICY_BASIC_OVER_HTTP',
      `Basic authentication over HTTP would send the password to ${where} in clear text, and Basic cannot encrypt messages.`,
      'Switch the host to HTTPS (port 5986); only if the server allows unencrypted traffic and no proxy is involved, set encryption to never.',
    );
  }

  let auth = target.auth;
  if ((auth === 'kerberos' || auth === 'negotiate') && caps.kerberosUnavailable !== null) {
    if (auth === 'negotiate' && target.allowNtlmFallback) {
      auth = 'ntlm';
      notes.push(`Negotiate will use NTLM: Kerberos cannot run in this installation (${caps.kerberosUnavailable}), and the profile allows the fallback.`);
    } else {
      return refuse(
        'POLICY_KERBEROS_UNAVAILABLE',
        `Kerberos cannot run in this installation (${caps.kerberosUnavailable}), so ${where} cannot be signed in to with ${auth === 'kerberos' ? 'Kerberos' : 'Negotiate (Kerberos)'}.`,
        `Reinstall WinRM Desk with its Kerberos component, or use NTLM${auth === 'negotiate' ? ' (or allow the NTLM fallback in the profile)' : ''}.`,
      );
    }
  }
  // Message encryption is needed on HTTP (unless the user said the server allows unencrypted traffic),
  // and on HTTPS only when forced with `always`. NTLM and Kerberos both seal; Basic cannot.
  const messageEncryption = isHttp ? target.encryption !== 'never' : target.encryption === 'always';
  if (messageEncryption && auth === 'basic') {
    return refuse('POLICY_ENCRYPTION_UNAVAILABLE', 'Basic authentication cannot encrypt messages.', 'Use NTLM, Negotiate or Kerberos authentication, or set encryption to auto.');
  }

  if (isHttp && !messageEncryption) {
    warnings.push(`Messages to ${where} travel unencrypted: the profile says the server allows unencrypted traffic.`);
  }
  if (target.certificate === 'insecure' && !isHttp) {
    warnings.push(`Certificate verification is off for ${target.host}: anyone on the path can impersonate the server.`);
  }

  let route: ConnectionPlan['route'] = 'direct';
  if (viaProxy) {
    route = isHttp && !proxy.tunnelHttp ? 'forward' : 'tunnel';
    if (route === 'forward' && CONNECTION_BASED.includes(auth)) {
      warnings.push(
        `${SCHEME_NAMES[auth]} is connection-based: forwarding through ${proxy.host}:${proxy.port} works only if the proxy keeps connection affinity; if it does not, use HTTPS or tunnel HTTP through CONNECT.`,
      );
    }
  }

  return {
    ok: true,
    route,
    proxy: viaProxy ? { host: proxy.host, port: proxy.port, auth: proxy.auth } : null,
    transport: target.transport,
    auth,
    protection: isHttp ? (messageEncryption ? 'message-encryption' : 'none') : messageEncryption ? 'tls+message-encryption' : 'tls',
    certificateVerification: isHttp ? true : target.certificate !== 'insecure',
    maxPinnedConnections: 2,
    connectionBasedAuth: CONNECTION_BASED.includes(auth),
    warnings,
    notes,
  };
}
