import { app, ipcMain, session, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { contract } from '../shared/ipc/contract.ts';
import { openAppServices } from './app-services.ts';
import { APP_URL, registerAppScheme, serveAppProtocol } from './app/app-protocol.ts';
import { createMainWindow, guardWebContents, hardenSession } from './app/window.ts';
import { createDispatcher } from './ipc/dispatcher.ts';
import { isTrustedEvent, registerIpc } from './ipc/electron-ipc.ts';
import { createHandlers } from './ipc/handlers.ts';
import { appOriginOf, isAppMainFrame } from './ipc/trusted-sender.ts';
import { probeSafeStorage } from './store/electron-safe-storage.ts';
import { electronStoreWriter } from './store/electron-store-writer.ts';
import { useJsonWriter } from './store/versioned-file.ts';

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

void app.whenReady().then(async () => {
  serveAppProtocol(path.join(import.meta.dirname, '../renderer'));
  hardenSession(session.defaultSession);

  // A real OS key store protects the vault; Linux's basic_text fallback does not, so it gets a master password.
  const safeStorage = await probeSafeStorage();
  useJsonWriter(electronStoreWriter);
  const { services, problems } = openAppServices(app.getPath('userData'), { osCipher: safeStorage.protected ? safeStorage.cipher : null });
  for (const problem of problems) console.warn(`store: ${problem.code}: ${problem.message}`);
  const dispatcher = createDispatcher<typeof contract, IpcMainInvokeEvent>({
    contract,
    handlers: createHandlers(services),
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

