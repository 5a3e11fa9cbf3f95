import { contextBridge, ipcRenderer } from 'electron';
import { buildClient } from '../shared/ipc/channel.ts';
import { contract } from '../shared/ipc/contract.ts';
import { SESSION_PORT_MESSAGE } from '../shared/ipc/session-frames.ts';

// The page gets exactly one object, generated from the contract; raw ipcRenderer never reaches it.
contextBridge.exposeInMainWorld('winrmDesk', buildClient(contract, (channel, payload) => ipcRenderer.invoke(channel, payload)));

// A shell tab's MessagePort cannot cross contextBridge: it is posted to the page's own window, with
// the tab id it belongs to (the channel name is electron/ipc/electron-ports.ts's SESSION_PORT_CHANNEL).
// The preload runs in a window; this build's Node typings have no DOM, hence the narrow type.
const page = globalThis as unknown as { postMessage(message: unknown, targetOrigin: string, transfer: readonly unknown[]): void };

ipcRenderer.on('sessions:port', (event, message: { tabId?: unknown }) => {
  if (typeof message?.tabId !== 'string' || event.ports.length !== 1) return;
  page.postMessage({ type: SESSION_PORT_MESSAGE, tabId: message.tabId }, '*', event.ports);
});
