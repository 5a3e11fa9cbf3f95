import { parseBypassList } from './bypass.ts';
import { environmentProxy } from './environment-proxy.ts';
import { parsePacAnswer } from './pac-answer.ts';
import { parseProxyUrl, type ProxyAddress } from './proxy-address.ts';
import { parseWinhttpShowProxy, winhttpProxyFor } from './winhttp-import.ts';

export type ProxyAccess = 'none' | 'system' | 'winhttp' | 'environment' | 'manual';

export interface ProxySelection {
  readonly access: ProxyAccess;
  /** For `manual`: host:port or http://host:port. */
  readonly manualUrl?: string;
  /** The profile's own bypass entries; they apply on top of the source's. */
  readonly bypass: readonly string[];
}

export interface ProxySources {
  readonly env: Readonly<Record<string, string | undefined>>;
  /** The OS proxy for a URL as a PAC-style answer (Electron's session.resolveProxy: settings, PAC, WPAD). */
  readonly resolveSystem?: (url: string) => Promise<string>;
  /** What `netsh winhttp show proxy` prints (run on Windows, or the text an admin imported). */
  readonly winhttpText?: () => Promise<string>;
}

export interface ProxyCandidates {
  /** To try in order; null is a direct connection. */
  readonly candidates: ReadonlyArray<ProxyAddress | null>;
  readonly notes: readonly string[];
}

/**
 * The proxies to try for one target, in order, from the profile's access type. Nothing ambient is
 * consulted unless the profile chose it: `environment` is the only source that reads HTTPS_PROXY.
 */
export async function proxyCandidates(selection: ProxySelection, target: URL, sources: ProxySources): Promise<ProxyCandidates> {
  const scheme = target.protocol === 'https:' ? 'https' : 'http';
  const port = Number(target.port || (scheme === 'https' ? 443 : 80));
  const host = target.hostname;
  const direct: ProxyCandidates = { candidates: [null], notes: [] };
  if (selection.access === 'none') return direct;
  if (parseBypassList(selection.bypass.join(';'), 'winhttp').matches(host, port)) return { candidates: [null], notes: ['The profile’s bypass list names this host.'] };

  switch (selection.access) {
    case 'manual': {
      const { host: proxyHost, port: proxyPort } = parseProxyUrl(selection.manualUrl ?? '');
      return { candidates: [{ host: proxyHost, port: proxyPort }], notes: [] };
    }
    case 'environment': {
      const fromEnv = environmentProxy(sources.env, scheme);
      if (!fromEnv.proxy || fromEnv.bypass.matches(host, port)) return direct;
      return { candidates: [{ host: fromEnv.proxy.host, port: fromEnv.proxy.port }], notes: [] };
    }
    case 'winhttp': {
      if (!sources.winhttpText) return { candidates: [null], notes: ['No WinHTTP settings are available on this machine; connecting directly.'] };
      const settings = parseWinhttpShowProxy(await sources.winhttpText());
      const proxy = winhttpProxyFor(settings, scheme);
      const notes = settings.kind === 'proxy' ? [...settings.ignored] : [];
      if (!proxy || (settings.kind === 'proxy' && parseBypassList(settings.bypass, 'winhttp').matches(host, port))) return { candidates: [null], notes };
      return { candidates: [proxy], notes };
    }
    case 'system': {
      if (!sources.resolveSystem) return { candidates: [null], notes: ['The system proxy can only be resolved inside the app; connecting directly.'] };
      const answer = parsePacAnswer(await sources.resolveSystem(target.href));
      const notes = answer.skipped.map((entry) => `Skipped "${entry}" from the system proxy settings: only HTTP proxies and DIRECT are supported.`);
      const candidates = answer.entries.map((entry) => (entry.kind === 'direct' ? null : { host: entry.host, port: entry.port }));
      // An answer with nothing usable is not a licence to go direct around a mandatory proxy.
      return candidates.length > 0 ? { candidates, notes } : { candidates: [], notes: [...notes, 'The system proxy settings name no usable proxy for this host.'] };
    }
  }
}
