import { randomBytes } from 'node:crypto';
import type { WebSocket } from 'ws';
import type { MainFrame } from '../../shared/ipc/session-frames.ts';
import type { TabOwner, TabPort } from '../../electron/sessions/tab-port.ts';
import { encodePortMessage } from './port-frames.ts';

/**
 * The harness's stand-in for Electron's MessageChannelMain: each tab's frames travel on the page's
 * WebSocket, tagged with the tab id (output bytes in binary messages, port-frames.ts); the page shim
 * turns them back into a real MessagePort. One owner per WebSocket, so a closed or reloaded page
 * takes its tabs with it, as a window does.
 */
export class PortMux implements TabOwner {
  readonly id = `harness-${randomBytes(8).toString('hex')}`;
  readonly #ws: WebSocket;
  readonly #ports = new Map<string, { frames: Set<(frame: unknown) => void>; closes: Set<() => void> }>();

  constructor(ws: WebSocket) {
    this.#ws = ws;
  }

  openPort(tabId: string): TabPort {
    // A reconnect replaces the tab's port: the old one is gone for both ends.
    this.#drop(tabId);
    const listeners = { frames: new Set<(frame: unknown) => void>(), closes: new Set<() => void>() };
    this.#ports.set(tabId, listeners);
    this.#send({ portOpen: tabId });
    return {
      post: (frame: MainFrame) => {
        if (this.#ports.get(tabId) === listeners) this.#sendRaw(encodePortMessage(tabId, frame));
      },
      onFrame: (listener) => listeners.frames.add(listener),
      onClose: (listener) => listeners.closes.add(listener),
      close: () => {
        if (this.#ports.get(tabId) !== listeners) return;
        this.#ports.delete(tabId);
        this.#send({ portClose: tabId });
      },
    };
  }

  /** A frame the page sent for one of its tabs; frames for unknown tabs are dropped. */
  deliver(tabId: string, frame: unknown): void {
    for (const listener of this.#ports.get(tabId)?.frames ?? []) listener(frame);
  }

  /** The page's WebSocket closed: every port's other end is gone. */
  closeAll(): void {
    for (const tabId of [...this.#ports.keys()]) this.#drop(tabId);
  }

  #drop(tabId: string): void {
    const listeners = this.#ports.get(tabId);
    if (!listeners) return;
    this.#ports.delete(tabId);
    for (const listener of listeners.closes) listener();
  }

  #send(message: unknown): void {
    this.#sendRaw(JSON.stringify(message));
  }

  #sendRaw(message: string | Uint8Array): void {
    if (this.#ws.readyState === this.#ws.OPEN) this.#ws.send(message);
  }
}
