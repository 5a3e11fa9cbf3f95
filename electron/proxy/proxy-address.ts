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
const SHOWN_LENGTH = 80;

/**
 * A proxy entry as an error or a note may quote it: everything before its last `@` (a user name and
 * password, whatever they hold, `/` and `@` included) becomes `…`, then the text is clipped. The
 * redaction comes first, so that a clip can never cut off the `@` and show the start of a password;
 * and it goes by the last `@` because a URL parser takes that one as the end of the credentials
 * (`admin:Pr0xyS3cret@bad host:3128` was once printed as it was).
 */
export function redactProxyText(text: string, maxLength = SHOWN_LENGTH): string {
  const at = text.lastIndexOf('@');
  const scheme = /^[a-z][a-z0-9+.-]*:\/\//i.exec(text)?.[0] ?? '';
  const shown = at < 0 ? text : `${scheme}…${text.slice(at)}`;
  return shown.length > maxLength ? `${shown.slice(0, maxLength)}…` : shown;
}

function invalidAddress(shown: string, why: string, cause?: unknown): DeskError {
  return new DeskError('INVALID_ARGUMENT', `"${shown}" is not a proxy address; ${why}.`, { cause });
}

function decodeUserInfo(part: string, shown: string): string {
  try {
    return decodeURIComponent(part);
  } catch (error) {
    // A URIError from a stray `%`: the user's fault, not the app's.
    throw invalidAddress(shown, 'its user name or password has a "%" that starts no %XX escape', error);
  }
}

/**
 * Reads a proxy as admins write it: `host:port`, `http://host:port`, `[v6]:port`, or a bare host
 * (port 80, as WinHTTP assumes). Only plain-HTTP proxies are supported; `https://` and `socks://`
 * proxies are refused by name rather than misused. Every refusal is INVALID_ARGUMENT and quotes the
 * entry only through redactProxyText.
 */
export function parseProxyUrl(text: string): ProxyUrl {
  const trimmed = text.trim();
  if (trimmed === '') throw new DeskError('INVALID_ARGUMENT', 'The proxy address is empty.');
  const shown = redactProxyText(trimmed);
  const withScheme = /^[a-z][a-z0-9+.-]*:\/\//i.test(trimmed) ? trimmed : `http://${trimmed}`;
  let url: URL;
  try {
    url = new URL(withScheme);
  } catch {
    throw invalidAddress(shown, 'expected host:port or http://host:port');
  }
  if (url.protocol !== 'http:') {
    throw new DeskError('INVALID_ARGUMENT', `"${shown}": Only HTTP proxies are supported, not ${url.protocol.replace(':', '')}:// proxies.`);
  }
  if ((url.pathname !== '/' && url.pathname !== '') || url.search || url.hash) {
    throw new DeskError('INVALID_ARGUMENT', `"${shown}": A proxy address is host:port, without a path.`);
  }
  const host = url.hostname.replace(/^\[|\]$/g, '');
  const port = url.port === '' ? DEFAULT_PROXY_PORT : Number(url.port);
  if (port === 0) throw invalidAddress(shown, 'its port must be 1–65535');
  const base = { host, port };
  if (url.username === '' && url.password === '') return base;
  return { ...base, credentials: { userName: decodeUserInfo(url.username, shown), password: decodeUserInfo(url.password, shown) } };
}

export function formatAddress(address: ProxyAddress): string {
  return `${address.host.includes(':') ? `[${address.host}]` : address.host}:${address.port}`;
}
