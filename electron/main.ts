import { app, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { contract } from '../shared/ipc/contract.ts';
import { readAppInfo } from './app-info.ts';
import { APP_URL, registerAppScheme, serveAppProtocol } from './app/app-protocol.ts';
import { createMainWindow, guardWebContents, hardenSession } from './app/window.ts';
import { createDispatcher } from './ipc/dispatcher.ts';
import { isTrustedEvent, registerIpc } from './ipc/electron-ipc.ts';
import { createHandlers } from './ipc/handlers.ts';
import { appOriginOf, isAppMainFrame } from './ipc/trusted-sender.ts';
import { createMemoryHostStore } from './store/host-store.ts';

// electron-vite sets this in development only; the packaged app always loads its own bundle.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const startUrl = devServerUrl ?? APP_URL;
const origin = appOriginOf(startUrl);
const ownWindows = new Set<number>();

registerAppScheme();
app.enableSandbox();

app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, (url) => isAppMainFrame({ url, parent: null }, true, origin));
});

app.on('window-all-closed', () => app.quit());

void app.whenReady().then(() => {
  serveAppProtocol(path.join(import.meta.dirname, '../renderer'));
  hardenSession(session.defaultSession);

  const dispatcher = createDispatcher<typeof contract, IpcMainInvokeEvent>({
    contract,
    handlers: createHandlers({ appInfo: readAppInfo, hosts: createMemoryHostStore() }),
    isTrustedSender: (event) => isTrustedEvent(event, ownWindows, origin),
    log: (entry) => console.warn(`ipc ${entry.channel}: ${entry.code} (${entry.detail})`),
  });
  registerIpc(ipcMain, dispatcher);

  const window = createMainWindow(path.join(import.meta.dirname, '../preload/preload.cjs'));
  ownWindows.add(window.id);
  window.on('closed', () => ownWindows.delete(window.id));
  window.once('ready-to-show', () => window.show());
  void window.loadURL(startUrl);
});

