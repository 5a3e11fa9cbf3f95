import { buildClient } from '../../shared/ipc/channel.ts';
import { contract } from '../../shared/ipc/contract.ts';
import { SESSION_PORT_MESSAGE } from '../../shared/ipc/session-frames.ts';
import { decodeBinaryPortMessage } from './port-frames.ts';

// Test/dev only: stands in for the preload in a plain browser. It installs the same generated API
// object, carried over the harness's loopback WebSocket instead of Electron IPC. The per-run token
// comes in the URL fragment, which the browser never sends to the server with the page request.
const token = new URLSearchParams(location.hash.slice(1)).get('harness-token') ?? '';
const socket = new WebSocket(`ws://${location.host}/__harness/ipc?token=${encodeURIComponent(token)}`);
// Output frames come as binary messages (port-frames.ts).
socket.binaryType = 'arraybuffer';
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('close', () => reject(new Error('harness connection closed')), { once: true });
});
const pending = new Map<number, (result: unknown) => void>();
let nextId = 1;

// Each shell tab's frames arrive tagged with its tab id; the page gets a real MessagePort for them,
// handed over exactly as Electron's preload hands over a MessagePortMain's other end.
const ports = new Map<string, MessagePort>();

function openPort(tabId: string): void {
  ports.get(tabId)?.close();
  const channel = new MessageChannel();
  ports.set(tabId, channel.port1);
  channel.port1.onmessage = (event) => socket.send(JSON.stringify({ port: tabId, frame: event.data }));
  window.postMessage({ type: SESSION_PORT_MESSAGE, tabId }, location.origin, [channel.port2]);
}

socket.addEventListener('message', (event) => {
  if (event.data instanceof ArrayBuffer) {
    const { port, frame } = decodeBinaryPortMessage(event.data);
    // Cloned, not transferred (probes of the tests read the same message): the page gets the bytes
    // as a Uint8Array, copied once, as from Electron's port.
    ports.get(port)?.postMessage(frame);
    return;
  }
  const message = JSON.parse(String(event.data)) as { id?: number; result?: unknown; portOpen?: string; port?: string; frame?: unknown; portClose?: string };
  if (typeof message.portOpen === 'string') return openPort(message.portOpen);
  if (typeof message.port === 'string') return ports.get(message.port)?.postMessage(message.frame);
  if (typeof message.portClose === 'string') {
    ports.get(message.portClose)?.close();
    ports.delete(message.portClose);
    return;
  }
  if (typeof message.id !== 'number') return;
  pending.get(message.id)?.(message.result);
  pending.delete(message.id);
});

async function invoke(channel: string, payload: unknown): Promise<unknown> {
  await opened;
  const id = nextId++;
  return new Promise((resolve) => {
    pending.set(id, resolve);
    socket.send(JSON.stringify({ id, channel, payload }));
  });
}

Object.defineProperty(window, 'winrmDesk', { value: Object.freeze(buildClient(contract, invoke)), enumerable: true });
