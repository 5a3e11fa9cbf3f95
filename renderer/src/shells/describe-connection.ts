import type { ConnectionFacts } from '../../../shared/domain/connection-facts.ts';
import type { HostAuth } from '../../../shared/policy/connection-plan-types.ts';

/** What a tab's badge says about its session, from main's connection facts. */
export interface ConnectionDescription {
  readonly protection: string;
  /** The protection in a word or two, for the tab itself. */
  readonly protectionShort: string;
  readonly route: string;
  readonly auth: string;
  readonly lanes: string;
  /** Set when something weakens the connection; the badge shows it in the warning colour. */
  readonly warning: string | null;
  /** The badge's hover text: endpoint, certificate fingerprint, shell id and main's warnings. */
  readonly details: string;
}

const PROTECTION: Record<ConnectionFacts['protection'], string> = {
  tls: 'HTTPS',
  'message-encryption': 'HTTP + message encryption',
  'tls+message-encryption': 'HTTPS + message encryption',
  none: 'not encrypted',
};

const PROTECTION_SHORT: Record<ConnectionFacts['protection'], string> = {
  tls: 'HTTPS',
  'message-encryption': 'HTTP · encrypted',
  'tls+message-encryption': 'HTTPS · encrypted',
  none: 'not encrypted',
};

const AUTH: Record<HostAuth, string> = { basic: 'Basic', ntlm: 'NTLM', negotiate: 'Negotiate', kerberos: 'Kerberos' };
const MECHANISM: Record<NonNullable<ConnectionFacts['mechanism']>, string> = { basic: 'Basic', ntlm: 'NTLM', kerberos: 'Kerberos' };

const usesTls = (facts: ConnectionFacts) => facts.protection === 'tls' || facts.protection === 'tls+message-encryption';

export function describeConnection(facts: ConnectionFacts): ConnectionDescription {
  const scheme = AUTH[facts.auth];
  const mechanism = facts.mechanism ? MECHANISM[facts.mechanism] : null;
  const route =
    facts.route === 'direct' ? 'direct' : `via proxy ${facts.proxy ? `${facts.proxy.host}:${facts.proxy.port} ` : ''}(${facts.route})`;
  const unverified = usesTls(facts) && !facts.certificateVerification;
  const warning = facts.protection === 'none' ? 'not encrypted' : unverified ? 'certificate not verified' : null;
  const details = [
    `Endpoint: ${facts.endpoint}`,
    ...(facts.certificateSha256 ? [`Certificate SHA-256: ${facts.certificateSha256}`] : []),
    ...(unverified ? ["Certificate not verified: the server's identity was not checked."] : []),
    ...(facts.proxy && facts.proxy.auth !== 'none' ? [`Proxy authentication: ${facts.proxy.auth}`] : []),
    `Shell: ${facts.shellId}`,
    ...facts.warnings.map((w) => `Warning: ${w}`),
  ].join('\n');
  return {
    protection: PROTECTION[facts.protection],
    protectionShort: PROTECTION_SHORT[facts.protection],
    route,
    auth: mechanism && mechanism !== scheme ? `${scheme} · ${mechanism}` : scheme,
    lanes: `${facts.lanes} pinned connection${facts.lanes === 1 ? '' : 's'}`,
    warning,
    details,
  };
}
