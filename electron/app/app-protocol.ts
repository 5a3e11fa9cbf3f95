import { net, protocol } from 'electron';
import path from 'node:path';
import { pathToFileURL } from 'node:url';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before `ready`: a standard, secure scheme gets a real origin, so CSP 'self' and the sender check mean something. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the renderer bundle from `root` and nothing outside it. */
export function serveAppProtocol(root: string): void {
  const base = path.resolve(root);
  protocol.handle(APP_SCHEME, (request) => {
    const url = new URL(request.url);
    const target = path.resolve(base, `.${decodeURIComponent(url.pathname)}`);
    if (url.host !== APP_HOST || (target !== base && !target.startsWith(base + path.sep))) {
      return new Response('Not found', { status: 404 });
    }
    return net.fetch(pathToFileURL(target).toString());
  });
}
