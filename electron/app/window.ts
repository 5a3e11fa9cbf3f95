import { BrowserWindow, shell, type Session, type WebContents } from 'electron';
import { RENDERER_CSP } from '../../shared/csp.ts';
import { grantsPermission, MAIN_WEB_PREFERENCES, mayOpenExternally } from './window-policy.ts';

export function createMainWindow(preloadPath: string): BrowserWindow {
  return new BrowserWindow({
    width: 1280,
    height: 800,
    show: false,
    title: 'WinRM Desk',
    webPreferences: { preload: preloadPath, ...MAIN_WEB_PREFERENCES },
  });
}

/** Session-wide: every permission (camera, notifications, clipboard-read, …) is refused; the CSP is sent as a header too. */
export function hardenSession(session: Session): void {
  session.setPermissionRequestHandler((_contents, permission, callback) => callback(grantsPermission(permission)));
  session.setPermissionCheckHandler((_contents, permission) => grantsPermission(permission));
  session.webRequest.onHeadersReceived((details, callback) => {
    callback({ responseHeaders: { ...details.responseHeaders, 'Content-Security-Policy': [RENDERER_CSP] } });
  });
}

/**
 * Applied to every WebContents as it is created: no new windows (an http(s) link opens in the user's
 * browser instead), no navigation away from the app, no <webview>.
 */
export function guardWebContents(contents: WebContents, isAppUrl: (url: string) => boolean): void {
  contents.setWindowOpenHandler(({ url }) => {
    if (mayOpenExternally(url)) void shell.openExternal(url);
    return { action: 'deny' };
  });
  contents.on('will-navigate', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-redirect', (event, url) => {
    if (!isAppUrl(url)) event.preventDefault();
  });
  contents.on('will-attach-webview', (event) => event.preventDefault());
}
