import type { Session } from 'electron';

/**
 * The OS proxy for a URL through Chromium's resolver (system settings, PAC, WPAD), as a PAC-style
 * answer (`PROXY host:port; DIRECT`) for electron/proxy to parse. Electron glue only.
 */
export function systemProxyResolver(session: Session): (url: string) => Promise<string> {
  return (url) => session.resolveProxy(url);
}
