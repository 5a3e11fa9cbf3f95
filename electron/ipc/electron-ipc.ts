import { BrowserWindow, type IpcMain, type IpcMainInvokeEvent } from 'electron';
import type { Dispatcher } from './dispatcher.ts';
import { isAppMainFrame, type AppOrigin } from './trusted-sender.ts';

/** Binds every contract channel to ipcMain through the one dispatcher; nothing registers around it. */
export function registerIpc(ipcMain: IpcMain, dispatcher: Dispatcher<IpcMainInvokeEvent>): void {
  for (const name of dispatcher.channels) {
    ipcMain.handle(name, (event, payload: unknown) => dispatcher.dispatch(name, event, payload));
  }
}

export function isTrustedEvent(event: IpcMainInvokeEvent, ownWindows: ReadonlySet<number>, origin: AppOrigin): boolean {
  const window = BrowserWindow.fromWebContents(event.sender);
  return isAppMainFrame(event.senderFrame, window !== null && ownWindows.has(window.id), origin);
}
