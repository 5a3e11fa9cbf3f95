import { DeskError } from '../../shared/errors.ts';
import { formatAddress } from './proxy-address.ts';
import { parseWinhttpShowProxy, winhttpProxyFor } from './winhttp-import.ts';

export interface PastedWinhttp {
  readonly access: 'none' | 'manual';
  readonly url?: string;
  readonly bypass: string[];
  /** WinHTTP names different proxies for HTTP and HTTPS; the profile takes the HTTPS one. */
  readonly perScheme: boolean;
}

const EXPECTED = 'Paste what `netsh winhttp show proxy` prints, e.g. "Proxy Server(s) :  proxy.corp.example:8080" and "Bypass List :  <local>;*.corp.example".';

// The reader of the machine's own settings takes text without a "label : value" line as direct
// access (that is how netsh says it, in every language); pasted text must also look like netsh's.
function looksLikeNetsh(text: string): boolean {
  return text.startsWith('{') || /winhttp/i.test(text) || /^\s*\S[^\r\n:]*\s:\s/m.test(text);
}

/** Text the user pasted from `netsh winhttp show proxy` (or `show advproxy`) as proxy profile fields. */
export function proxyFromWinhttpText(pasted: string): PastedWinhttp {
  const text = pasted.replace(/^\uFEFF/, '').trim();
  if (text === '' || !looksLikeNetsh(text)) throw new DeskError('INVALID_ARGUMENT', `This does not look like WinHTTP proxy settings. ${EXPECTED}`);
  const settings = parseWinhttpShowProxy(text);
  if (settings.kind === 'direct') return { access: 'none', bypass: [], perScheme: false };
  const chosen = winhttpProxyFor(settings, 'https') ?? winhttpProxyFor(settings, 'http');
  if (!chosen) throw new DeskError('INVALID_ARGUMENT', `The WinHTTP settings name no HTTP proxy. ${EXPECTED}`);
  const { http, https } = settings.servers;
  const perScheme = http !== undefined && https !== undefined && formatAddress(http) !== formatAddress(https);
  return { access: 'manual', url: `http://${formatAddress(chosen)}`, bypass: settings.bypass.split(/[;\s]+/).filter(Boolean), perScheme };
}
