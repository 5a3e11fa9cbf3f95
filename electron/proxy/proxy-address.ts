import { DeskError } from '../../shared/errors.ts';

export interface ProxyAddress {
  readonly host: string;
  readonly port: number;
}

export interface ProxyUrl extends ProxyAddress {
  /** From `http://user:pass@host:port` (environment variables); never printed. */
  readonly credentials?: { readonly userName: string; readonly password: string };
}

const DEFAULT_PROXY_PORT = 80;

/**
 * Reads a proxy as admins write it: `host:port`, `http://host:port`, `[v6]:port`, or a bare host
 * (port 80, as WinHTTP assumes). Only plain-HTTP proxies are supported; `https://` and `socks://`
 * proxies are refused by name rather than misused.
 */
export function parseProxyUrl(text: string): ProxyUrl {
  const trimmed = text.trim();
  if (trimmed === '') throw new DeskError('INVALID_ARGUMENT', 'The proxy address is empty.');
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw new DeskError('INVALID_ARGUMENT', `"${trimmed.slice(0, 80).replace(/\/\/[^@/]*@/, '//…@')}" is not a proxy address (host:port).`);
  }
  if (url.protocol !== 'http:') {
    throw new DeskError('INVALID_ARGUMENT', `Only HTTP proxies are supported, not ${url.protocol.replace(':', '')}:// proxies.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new DeskError('INVALID_ARGUMENT', 'A proxy address is host:port, without a path.');
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? DEFAULT_PROXY_PORT : Number(url.port);
  const base = { host, port };
  if (url.username === '' && url.password === '') return base;
  return { ...base, credentials: { userName: decodeURIComponent(url.username), password: decodeURIComponent(url.password) } };
}

export function formatAddress(address: ProxyAddress): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}
