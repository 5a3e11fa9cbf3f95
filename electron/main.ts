import { app, ipcMain, session, type BrowserWindow, type IpcMainInvokeEvent } from 'electron';
import path from 'node:path';
import { contract } from '../shared/ipc/contract.ts';
import { openAppServices } from './app-services.ts';
import { APP_URL, registerAppScheme, serveAppProtocol } from './app/app-protocol.ts';
import { systemProxyResolver } from './app/system-proxy.ts';
import { createMainWindow, guardWebContents, hardenSession } from './app/window.ts';
import { createDispatcher } from './ipc/dispatcher.ts';
import { electronFileDialogs } from './ipc/electron-dialogs.ts';
import { isTrustedEvent, registerIpc } from './ipc/electron-ipc.ts';
import { onPageGone, tabOwnerOf } from './ipc/electron-ports.ts';
import { createHandlers, type Caller } from './ipc/handlers.ts';
import type { TabOwner } from './sessions/tab-port.ts';
import { appOriginOf, isAppMainFrame } from './ipc/trusted-sender.ts';
import { probeSafeStorage } from './store/electron-safe-storage.ts';
import { electronStoreWriter } from './store/electron-store-writer.ts';
import { onTerminationSignals } from './store/process-signals.ts';
import { useJsonWriter } from './store/versioned-file.ts';

// electron-vite sets this in development only; the packaged app always loads its own bundle.
const devServerUrl = app.isPackaged ? undefined : process.env['ELECTRON_RENDERER_URL'];
const startUrl = devServerUrl ?? APP_URL;
const origin = appOriginOf(startUrl);
const ownWindows = new Set<number>();

registerAppScheme();
app.enableSandbox();

// electron-store's dependencies re-send SIGINT/SIGTERM and swallow later ones (store/process-signals.ts):
// a signal takes the normal quit path instead, which deletes every tab's remote shell first.
onTerminationSignals(() => app.quit());

app.on('web-contents-created', (_event, contents) => {
  guardWebContents(contents, (url) => isAppMainFrame({ url, parent: null }, true, origin));
});

app.on('window-all-closed', () => app.quit());

// Every tab's remote shell is deleted before the app goes: quitting waits for that (a few seconds at most).
const QUIT_GRACE_MS = 5_000;
let disposeServices: (() => Promise<void>) | null = null;
app.on('before-quit', (event) => {
  const dispose = disposeServices;
  if (!dispose) return;
  disposeServices = null;
  event.preventDefault();
  void Promise.race([dispose(), new Promise((resolve) => setTimeout(resolve, QUIT_GRACE_MS))]).finally(() => app.quit());
});

void app.whenReady().then(async () => {
  serveAppProtocol(path.join(import.meta.dirname, '../renderer'));
  hardenSession(session.defaultSession);

  // A real OS key store protects the vault; Linux's basic_text fallback does not, so it gets a master password.
  const safeStorage = await probeSafeStorage();
  useJsonWriter(electronStoreWriter);
  let mainWindow: BrowserWindow | null = null;
  const opened = openAppServices(app.getPath('userData'), {
    osCipher: safeStorage.protected ? safeStorage.cipher : null,
    resolveSystemProxy: systemProxyResolver(session.defaultSession),
    dialogs: electronFileDialogs(() => mainWindow),
    log: (message) => console.warn(`sessions: ${message}`),
  });
  const { services, problems } = opened;
  disposeServices = () => opened.dispose();
  for (const problem of problems) console.warn(`store: ${problem.code}: ${problem.message}`);
  // One owner per page: its shell tabs go when the page reloads, crashes or closes with its window.
  const owners = new Map<number, TabOwner>();
  const ownerOf = (event: IpcMainInvokeEvent): TabOwner => {
    let owner = owners.get(event.sender.id);
    if (!owner) {
      const created = tabOwnerOf(event.sender);
      owner = created;
      owners.set(event.sender.id, created);
      onPageGone(event.sender, () => void services.tabs.closeOwner(created.id));
    }
    return owner;
  };
  const dispatcher = createDispatcher<typeof contract, IpcMainInvokeEvent, Caller | undefined>({
    contract,
    handlers: createHandlers(services),
    isTrustedSender: (event) => isTrustedEvent(event, ownWindows, origin),
    callerOf: (event) => ({ owner: ownerOf(event) }),
    log: (entry) => console.warn(`ipc ${entry.channel}: ${entry.code} (${entry.detail})`),
  });
  registerIpc(ipcMain, dispatcher);

  const window = createMainWindow(path.join(import.meta.dirname, '../preload/preload.cjs'));
  ownWindows.add(window.id);
  mainWindow = window;
  window.on('closed', () => {
    ownWindows.delete(window.id);
    mainWindow = null;
  });
  window.once('ready-to-show', () => window.show());
  void window.loadURL(startUrl);
});

