import { DeskError } from '../../shared/errors.ts';
import { JsonTooDeepError, parseJsonWithin } from '../../shared/json-depth.ts';
import { parseProxyUrl, redactProxyText, type ProxyAddress } from './proxy-address.ts';

/**
 * What `netsh winhttp show proxy` (or `show advproxy`, JSON) printed: the machine proxy that legacy
 * WinRM used, as opposed to the browser's settings.
 */
export type WinhttpProxy =
  | { readonly kind: 'direct' }
  | {
      readonly kind: 'proxy';
      /** One proxy for every scheme, or per scheme (`http=a:80;https=b:443`). */
      readonly servers: { readonly all?: ProxyAddress; readonly http?: ProxyAddress; readonly https?: ProxyAddress };
      readonly bypass: string;
      readonly ignored: readonly string[];
    };

function parseServers(list: string): { servers: { all?: ProxyAddress; http?: ProxyAddress; https?: ProxyAddress }; ignored: string[] } {
  const servers: { all?: ProxyAddress; http?: ProxyAddress; https?: ProxyAddress } = {};
  const ignored: string[] = [];
  for (const part of list.split(/[;\s]+/).filter(Boolean)) {
    const scheme = /^([a-z]+)=(.+)$/i.exec(part);
    if (!scheme) {
      servers.all = parseProxyUrl(part);
      continue;
    }
    const name = scheme[1]!.toLowerCase();
    if (name === 'http' || name === 'https') servers[name] = parseProxyUrl(scheme[2]!);
    else ignored.push(`${name.slice(0, 16)} proxy ${redactProxyText(scheme[2]!)} (only HTTP proxies are supported)`);
  }
  return { servers, ignored };
}

// "    Proxy Server(s) :  value": the label ends at the line's first colon, with white space on both
// sides of it. Found by position: the regular expression this replaces backtracked quadratically over
// a long run of white space (1 MB of it would have taken minutes).
function labelledValue(line: string): string | undefined {
  const colon = line.indexOf(':');
  if (colon < 1 || !isSpace(line[colon - 1]!) || !isSpace(line[colon + 1] ?? '') || line.slice(0, colon).trim() === '') return undefined;
  return line.slice(colon + 1).trim();
}

/** `show advproxy` prints one flat object. */
const WINHTTP_JSON_DEPTH = 8;
const isSpace = (char: string) => /^\s$/.test(char);

function listed(items: readonly string[], limit = 4): string {
  return items.length > limit ? `${items.slice(0, limit).join('; ')}; and ${items.length - limit} more` : items.join('; ');
}

function isNone(value: string): boolean {
  // "(none)" in English, "(keine)", "(aucun)", … in localized Windows: any single parenthesised word.
  return value === '' || /^\([^()]*\)$/.test(value);
}

export function parseWinhttpShowProxy(output: string): WinhttpProxy {
  const text = output.replace(/^\uFEFF/, '').trim();
  if (text.startsWith('{')) return fromAdvproxyJson(text);
  // Locale-independent: the first "label : value" line is the proxy list, the second the bypass list.
  const values = text
    .split(/\r?\n/)
    .map(labelledValue)
    .filter((v): v is string => v !== undefined);
  if (values.length === 0) return { kind: 'direct' };
  const [serverList, bypass = ''] = values;
  if (isNone(serverList!)) return { kind: 'direct' };
  const { servers, ignored } = parseServers(serverList!);
  if (!servers.all && !servers.http && !servers.https) {
    throw new DeskError('INVALID_ARGUMENT', `The WinHTTP settings name no HTTP proxy (${listed(ignored)}).`);
  }
  return { kind: 'proxy', servers, bypass: isNone(bypass) ? '' : bypass, ignored };
}

function fromAdvproxyJson(text: string): WinhttpProxy {
  let json: { Proxy?: unknown; ProxyBypass?: unknown };
  try {
    json = parseJsonWithin(text, WINHTTP_JSON_DEPTH) as typeof json;
  } catch (error) {
    if (error instanceof JsonTooDeepError) throw new DeskError('INVALID_ARGUMENT', `The WinHTTP settings look like JSON but nest deeper than ${error.maxDepth} levels; netsh prints one object of two strings.`);
    throw new DeskError('INVALID_ARGUMENT', 'The WinHTTP settings look like JSON but do not parse.');
  }
  const proxy = typeof json.Proxy === 'string' ? json.Proxy.trim() : '';
  if (proxy === '') return { kind: 'direct' };
  const { servers, ignored } = parseServers(proxy);
  return { kind: 'proxy', servers, bypass: typeof json.ProxyBypass === 'string' ? json.ProxyBypass : '', ignored };
}

/** The proxy WinHTTP would use for a target of this scheme, if any. */
export function winhttpProxyFor(settings: WinhttpProxy, scheme: 'http' | 'https'): ProxyAddress | null {
  if (settings.kind === 'direct') return null;
  return settings.servers[scheme] ?? settings.servers.all ?? null;
}
