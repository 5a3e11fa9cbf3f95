import { net, protocol } from 'electron';
import { pathToFileURL } from 'node:url';
import { appProtocolFile } from './window-policy.ts';

export const APP_SCHEME = 'app';
export const APP_HOST = 'desk';
export const APP_URL = `${APP_SCHEME}://${APP_HOST}/index.html`;

/** Must run before `ready`: a standard, secure scheme gets a real origin, so CSP 'self' and the sender check mean something. */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([{ scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true } }]);
}

/** Serves the renderer bundle from `root` and nothing outside it. */
export function serveAppProtocol(root: string): void {
  protocol.handle(APP_SCHEME, (request) => {
    const target = appProtocolFile(root, APP_HOST, request.url);
    if (!target) return new Response('Not found', { status: 404 });
    return net.fetch(pathToFileURL(target).toString());
  });
}
