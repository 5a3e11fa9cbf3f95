import { buildClient } from '../../shared/ipc/channel.ts';
import { contract } from '../../shared/ipc/contract.ts';

// Test/dev only: stands in for the preload in a plain browser. It installs the same generated API
// object, carried over the harness's loopback WebSocket instead of Electron IPC. The per-run token
// comes in the URL fragment, which the browser never sends to the server with the page request.
const token = new URLSearchParams(location.hash.slice(1)).get('harness-token') ?? '';
const socket = new WebSocket(`ws://${location.host}/__harness/ipc?token=${encodeURIComponent(token)}`);
const opened = new Promise<void>((resolve, reject) => {
  socket.addEventListener('open', () => resolve(), { once: true });
  socket.addEventListener('close', () => reject(new Error('harness connection closed')), { once: true });
});
const pending = new Map<number, (result: unknown) => void>();
let nextId = 1;

socket.addEventListener('message', (event) => {
  const reply = JSON.parse(String(event.data)) as { id: number; result: unknown };
  pending.get(reply.id)?.(reply.result);
  pending.delete(reply.id);
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
