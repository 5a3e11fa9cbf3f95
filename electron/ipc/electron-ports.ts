import { MessageChannelMain, type MessagePortMain, type WebContents } from 'electron';
import type { MainFrame } from '../../shared/ipc/session-frames.ts';
import type { TabOwner, TabPort } from '../sessions/tab-port.ts';

/** The channel on which main hands a tab's port to the preload, which passes it to the page. */
export const SESSION_PORT_CHANNEL = 'sessions:port';

function wrap(port: MessagePortMain): TabPort {
  let open = true;
  port.start();
  return {
    post: (frame: MainFrame) => {
      if (open) port.postMessage(frame);
    },
    onFrame: (listener) => port.on('message', (event) => listener(event.data)),
    onClose: (listener) => port.on('close', listener),
    close: () => {
      if (!open) return;
      open = false;
      port.close();
    },
  };
}

/** A window's WebContents as the owner of its shell tabs; each tab gets its own MessageChannelMain. */
export function tabOwnerOf(contents: WebContents): TabOwner {
  return {
    id: `window-${contents.id}`,
    openPort(tabId) {
      const { port1, port2 } = new MessageChannelMain();
      contents.postMessage(SESSION_PORT_CHANNEL, { tabId }, [port2]);
      return wrap(port1);
    },
  };
}

/**
 * Calls `gone` when the page of `contents` can no longer hold its tabs: it crashed, navigated or
 * reloaded, or was destroyed with its window.
 */
export function onPageGone(contents: WebContents, gone: () => void): void {
  contents.on('render-process-gone', gone);
  contents.on('destroyed', gone);
  contents.on('did-start-navigation', (details) => {
    if (details.isMainFrame && !details.isSameDocument) gone();
  });
}
