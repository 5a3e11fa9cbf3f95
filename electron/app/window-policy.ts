import path from 'node:path';

/**
 * The window's security settings and decisions, as data and pure functions (no `electron` import),
 * so that each item of the hardening checklist is tested in plain Node; window.ts and
 * app-protocol.ts apply them.
 */
export const MAIN_WEB_PREFERENCES = {
  contextIsolation: true,
  sandbox: true,
  nodeIntegration: false,
  nodeIntegrationInWorker: false,
  nodeIntegrationInSubFrames: false,
  webSecurity: true,
  allowRunningInsecureContent: false,
  webviewTag: false,
  spellcheck: false,
} as const;

/** Links the page asks to open go to the user's browser only when they are http(s): never file:, never a custom scheme. */
export function mayOpenExternally(url: string): boolean {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return false;
  }
  return (parsed.protocol === 'https:' || parsed.protocol === 'http:') && parsed.username === '' && parsed.password === '';
}

/** Camera, notifications, clipboard, geolocation, …: the app needs none, so every request is refused. */
export function grantsPermission(_permission: string): boolean {
  return false;
}

/**
 * The file the app:// protocol serves for a request, or null: only the app's own host, and only
 * files inside the renderer bundle (no `..`, no encoded escapes out of it).
 */
export function appProtocolFile(root: string, appHost: string, requestUrl: string): string | null {
  let url: URL;
  try {
    url = new URL(requestUrl);
  } catch {
    return null;
  }
  const base = path.resolve(root);
  let pathname: string;
  try {
    pathname = decodeURIComponent(url.pathname);
  } catch {
    return null;
  }
  const target = path.resolve(base, `.${pathname}`);
  if (url.host !== appHost || (target !== base && !target.startsWith(base + path.sep))) return null;
  return target;
}
