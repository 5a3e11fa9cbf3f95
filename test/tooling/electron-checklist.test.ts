import { readFileSync } from 'node:fs';
import path from 'node:path';
import { createRequire } from 'node:module';
import { beforeAll, describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { RENDERER_CSP, RENDERER_CSP_META } from '../../shared/csp.ts';
import { channel } from '../../shared/ipc/channel.ts';
import { appProtocolFile, grantsPermission, MAIN_WEB_PREFERENCES, mayOpenExternally } from '../../electron/app/window-policy.ts';
import { createDispatcher } from '../../electron/ipc/dispatcher.ts';
import { isAppMainFrame } from '../../electron/ipc/trusted-sender.ts';
import type * as WindowGlue from '../../electron/app/window.ts';

type WindowModule = typeof WindowGlue;

// js-yaml ships no types; its one function used here is typed at the call.
const { load: loadYaml } = createRequire(import.meta.url)('js-yaml') as { load: (text: string) => unknown };

// Electron's binary cannot run here, so its API is replaced by recorders of what our glue hands it:
// the options of the window, the handlers on its WebContents and session, and what opens externally.
const recorded = vi.hoisted(() => ({ windowOptions: null as unknown, opened: [] as string[] }));
vi.mock('electron', () => ({
  BrowserWindow: class {
    constructor(options: unknown) {
      recorded.windowOptions = options;
    }
  },
  shell: { openExternal: async (url: string) => void recorded.opened.push(url) },
}));

type Listener = (...args: unknown[]) => void;
function fakeContents() {
  const listeners = new Map<string, Listener>();
  let windowOpen: ((details: { url: string }) => { action: string }) | null = null;
  return {
    contents: {
      setWindowOpenHandler: (handler: typeof windowOpen) => void (windowOpen = handler),
      on: (event: string, listener: Listener) => void listeners.set(event, listener),
    },
    windowOpen: (url: string) => windowOpen!({ url }),
    /** Fires a navigation-like event; true when our handler prevented it. */
    fire(event: string, ...args: unknown[]): boolean {
      let prevented = false;
      listeners.get(event)!({ preventDefault: () => (prevented = true) }, ...args);
      return prevented;
    },
  };
}

let window: WindowModule;
beforeAll(async () => {
  window = await import('../../electron/app/window.ts');
});

const directives = (csp: string) => new Map(csp.split(';').map((d) => d.trim().split(/\s+/)).map(([name, ...values]) => [name!, values]));

describe('DESIGN §7, Electron hardening: one assertion per item', () => {
  it('contextIsolation is on', () => {
    window.createMainWindow('/preload.cjs');
    expect((recorded.windowOptions as { webPreferences: Record<string, unknown> }).webPreferences).toMatchObject({ contextIsolation: true, preload: '/preload.cjs' });
  });

  it('the renderer is sandboxed, in the window and for the whole app', () => {
    expect(MAIN_WEB_PREFERENCES.sandbox).toBe(true);
    expect(readFileSync('electron/main.ts', 'utf8')).toMatch(/^app\.enableSandbox\(\);$/m);
  });

  it('nodeIntegration is off, in workers and subframes too, and there is no <webview>', () => {
    expect(MAIN_WEB_PREFERENCES).toMatchObject({ nodeIntegration: false, nodeIntegrationInWorker: false, nodeIntegrationInSubFrames: false, webviewTag: false });
    const contents = fakeContents();
    window.guardWebContents(contents.contents as never, () => true);
    expect(contents.fire('will-attach-webview')).toBe(true);
  });

  it('the CSP is strict: nothing inline, no eval, nothing remote, no framing', () => {
    const csp = directives(RENDERER_CSP);
    expect(csp.get('default-src')).toEqual(["'none'"]);
    expect(csp.get('script-src')).toEqual(["'self'"]);
    expect(csp.get('style-src')).toEqual(["'self'"]);
    expect(csp.get('connect-src')).toEqual(["'self'"]);
    expect(csp.get('object-src')).toEqual(["'none'"]);
    expect(csp.get('frame-ancestors')).toEqual(["'none'"]);
    expect(RENDERER_CSP + RENDERER_CSP_META).not.toMatch(/unsafe-inline|unsafe-eval|\*|https?:/);
  });

  it('every IPC call is checked against the sender (the app’s own main frame) and the shared schema', async () => {
    const origin = { protocol: 'app:', host: 'desk' };
    expect(isAppMainFrame({ url: 'app://desk/index.html', parent: null }, true, origin)).toBe(true);
    expect(isAppMainFrame({ url: 'app://desk/index.html', parent: {} }, true, origin)).toBe(false);
    expect(isAppMainFrame({ url: 'https://evil.example/', parent: null }, true, origin)).toBe(false);
    expect(isAppMainFrame({ url: 'app://desk/index.html', parent: null }, false, origin)).toBe(false);
    const handler = vi.fn(() => ({ ok: true }));
    const contract = { a: { b: channel(z.strictObject({ n: z.number() }), z.object({ ok: z.boolean() })) } };
    const dispatcher = createDispatcher({ contract, handlers: { a: { b: handler } }, isTrustedSender: (s: { trusted: boolean }) => s.trusted });
    await expect(dispatcher.dispatch('a:b', { trusted: false }, { n: 1 })).resolves.toMatchObject({ ok: false, error: { code: 'FORBIDDEN_SENDER' } });
    await expect(dispatcher.dispatch('a:b', { trusted: true }, { n: 'x' })).resolves.toMatchObject({ ok: false, error: { code: 'INVALID_ARGUMENT' } });
    expect(handler).not.toHaveBeenCalled();
  });

  it('window.open is denied; only http(s) links go to the user’s browser, never file: or a custom scheme', () => {
    const contents = fakeContents();
    window.guardWebContents(contents.contents as never, () => true);
    for (const url of ['https://docs.example/winrm', 'file:///etc/passwd', 'app://desk/index.html', 'ms-settings:network', 'javascript:alert(1)', 'https://user:pw@example.com/']) {
      expect(contents.windowOpen(url)).toEqual({ action: 'deny' });
    }
    expect(recorded.opened).toEqual(['https://docs.example/winrm']);
    expect(['http://a.example/', 'https://a.example/'].every(mayOpenExternally)).toBe(true);
    expect(['file:///c:/x', 'smb://server/share', 'vscode://x', 'not a url'].some(mayOpenExternally)).toBe(false);
  });

  it('navigation and redirects away from the app are blocked', () => {
    const contents = fakeContents();
    window.guardWebContents(contents.contents as never, (url) => url.startsWith('app://desk/'));
    expect(contents.fire('will-navigate', 'https://evil.example/')).toBe(true);
    expect(contents.fire('will-redirect', 'file:///etc/passwd')).toBe(true);
    expect(contents.fire('will-navigate', 'app://desk/index.html')).toBe(false);
  });

  it('every permission request is refused', () => {
    for (const permission of ['media', 'notifications', 'clipboard-read', 'geolocation', 'openExternal', 'fullscreen']) expect(grantsPermission(permission)).toBe(false);
    const session = { setPermissionRequestHandler: vi.fn(), setPermissionCheckHandler: vi.fn(), webRequest: { onHeadersReceived: vi.fn() } };
    window.hardenSession(session as never);
    const answer = vi.fn();
    (session.setPermissionRequestHandler.mock.calls[0]![0] as (c: unknown, p: string, cb: (granted: boolean) => void) => void)(null, 'media', answer);
    expect(answer).toHaveBeenCalledWith(false);
    expect((session.setPermissionCheckHandler.mock.calls[0]![0] as (c: unknown, p: string) => boolean)(null, 'clipboard-read')).toBe(false);
  });

  it('the app:// protocol serves only files inside the renderer bundle, only for its own host', () => {
    const root = path.resolve('/opt/app/out/renderer');
    expect(appProtocolFile(root, 'desk', 'app://desk/index.html')).toBe(path.join(root, 'index.html'));
    expect(appProtocolFile(root, 'desk', 'app://desk/../../../etc/passwd')).toBe(path.join(root, 'etc/passwd'));
    // The URL parser folds `..` and `%2e%2e` segments itself; encoded slashes are decoded only here.
    expect(appProtocolFile(root, 'desk', 'app://desk/%2e%2e/%2e%2e/secret')).toBe(path.join(root, 'secret'));
    expect(appProtocolFile(root, 'desk', 'app://desk/a%2f..%2f..%2f..%2f..%2fetc%2fpasswd')).toBeNull();
    expect(appProtocolFile(root, 'desk', 'app://other/index.html')).toBeNull();
    expect(appProtocolFile(root, 'desk', 'app://desk/%E0%A4%A')).toBeNull();
  });

  it('there is no remote module', () => {
    const manifest = JSON.parse(readFileSync('package.json', 'utf8')) as { dependencies: Record<string, string>; devDependencies: Record<string, string> };
    expect(Object.keys({ ...manifest.dependencies, ...manifest.devDependencies })).not.toContain('@electron/remote');
    expect(MAIN_WEB_PREFERENCES).not.toHaveProperty('enableRemoteModule');
  });

  it('packaged builds flip the fuses: no run-as-node, app only from an integrity-checked asar, cookie encryption', () => {
    const builder = loadYaml(readFileSync('electron-builder.yml', 'utf8')) as { asar: boolean; electronFuses: Record<string, boolean> };
    expect(builder.asar).toBe(true);
    expect(builder.electronFuses).toMatchObject({
      runAsNode: false,
      onlyLoadAppFromAsar: true,
      enableEmbeddedAsarIntegrityValidation: true,
      enableCookieEncryption: true,
      enableNodeOptionsEnvironmentVariable: false,
      enableNodeCliInspectArguments: false,
    });
  });
});
