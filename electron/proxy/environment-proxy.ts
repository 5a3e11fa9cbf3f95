import { DeskError } from '../../shared/errors.ts';
import { parseBypassList, type BypassList } from './bypass.ts';
import { parseProxyUrl, type ProxyUrl } from './proxy-address.ts';

export interface EnvironmentProxy {
  readonly proxy: ProxyUrl | null;
  readonly bypass: BypassList;
}

// Which variable a refusal came from: the user fixes the variable, not a setting of ours.
function fromVariable<T>(name: string, read: () => T): T {
  try {
    return read();
  } catch (error) {
    if (error instanceof DeskError) throw new DeskError(error.code, `The environment variable ${name}: ${error.message}`, { cause: error });
    throw error;
  }
}

/**
 * HTTPS_PROXY / HTTP_PROXY / NO_PROXY, read only when the profile chose `environment`: an ambient proxy
 * variable silently hijacking WinRM traffic is a classic bug report. The lower-case form wins (curl's
 * rule), and upper-case HTTP_PROXY is ignored, since CGI-style environments let a request set it.
 */
export function environmentProxy(env: Readonly<Record<string, string | undefined>>, scheme: 'http' | 'https'): EnvironmentProxy {
  const proxyName = scheme === 'https' ? (env['https_proxy'] !== undefined ? 'https_proxy' : 'HTTPS_PROXY') : 'http_proxy';
  const noProxyName = env['no_proxy'] !== undefined ? 'no_proxy' : 'NO_PROXY';
  const value = env[proxyName];
  return {
    proxy: value && value.trim() !== '' ? fromVariable(proxyName, () => parseProxyUrl(value)) : null,
    bypass: fromVariable(noProxyName, () => parseBypassList(env[noProxyName] ?? '', 'no_proxy')),
  };
}
