import { parseBypassList, type BypassList } from './bypass.ts';
import { parseProxyUrl, type ProxyUrl } from './proxy-address.ts';

export interface EnvironmentProxy {
  readonly proxy: ProxyUrl | null;
  readonly bypass: BypassList;
}

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read only when the profile chose `environment`: an ambient proxy
 * variable silently hijacking WinRM traffic is a classic bug report. The lower-case form wins (curl's
 * rule), and upper-case HTTP_PROXY is ignored, since CGI-style environments let a request set it.
 */
export function environmentProxy(env: Readonly<Record<string, string | undefined>>, scheme: 'http' | 'https'): EnvironmentProxy {
  const value = scheme === 'https' ? (env['https_proxy'] ?? env['HTTPS_PROXY']) : env['http_proxy'];
  const noProxy = env['no_proxy'] ?? env['NO_PROXY'] ?? '';
  return { proxy: value && value.trim() !== '' ? parseProxyUrl(value) : null, bypass: parseBypassList(noProxy, 'no_proxy') };
}
