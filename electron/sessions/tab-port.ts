import type { MainFrame } from '../../shared/ipc/session-frames.ts';

/**
 * Main's end of one tab's channel to the page: a MessagePortMain in Electron, a stream multiplexed on
 * the harness's WebSocket in tests. Frames from the page arrive unparsed; the tab parses them.
 */
export interface TabPort {
  post(frame: MainFrame): void;
  onFrame(listener: (frame: unknown) => void): void;
  /** The page's end went away (closed, reloaded, crashed). */
  onClose(listener: () => void): void;
  close(): void;
}

/** A page that holds tabs (a window, a harness connection); its tabs go when it goes. */
export interface TabOwner {
  readonly id: string;
  /** Creates a port for the tab and hands its other end to the page. */
  openPort(tabId: string): TabPort;
}
