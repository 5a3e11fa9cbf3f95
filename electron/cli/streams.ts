import { once } from 'node:events';
import type { Readable, Writable } from 'node:stream';
import type { RemoteCommand } from '../sessions/remote-command.ts';

// WinRS Send bodies are base64 inside the envelope; this keeps one Send well under MaxEnvelopeSize.
const MAX_SEND_BYTES = 96 * 1024;

export interface Counted {
  bytes: number;
}

/** Copies a command's stream to ours, counting bytes and honouring backpressure; resolves at its end. */
export async function forward(from: Readable, to: Writable, counter: Counted): Promise<void> {
  for await (const chunk of from) {
    counter.bytes += (chunk as Buffer).length;
    if (!to.write(chunk)) await once(to, 'drain');
  }
}

// How long to wait for input that is ready at once before starting to receive output anyway.
const FIRST_INPUT_WAIT_MS = 100;

async function sendChunk(command: RemoteCommand, data: Buffer): Promise<void> {
  for (let offset = 0; offset < data.length; offset += MAX_SEND_BYTES) {
    if (command.done) return;
    await command.write(data.subarray(offset, offset + MAX_SEND_BYTES));
  }
}

/**
 * Sends our stdin to the command in order, in envelope-sized pieces, then End, and starts the command's
 * Receive loop. An empty stdin (the End) or a first piece that is there at once goes out before the
 * first Receive, on the same connection; the rest is sent while output is received. Stops quietly
 * once the command has finished (it may exit without reading everything we have).
 */
export async function feedStdin(input: Readable, command: RemoteCommand): Promise<void> {
  const chunks = input[Symbol.asyncIterator]();
  let pending: Promise<IteratorResult<Buffer>> | null = chunks.next();
  try {
    // Only the first piece goes out before the Receive starts: a long input is then sent while the
    // output is being received, so the server never has to hold all of a command's output at once.
    const timer = new Promise<'later'>((resolve) => setTimeout(resolve, FIRST_INPUT_WAIT_MS, 'later').unref());
    const first = await Promise.race([pending, timer]);
    if (first !== 'later') {
      pending = null;
      if (first.done) {
        await command.end();
        return;
      }
      await sendChunk(command, first.value);
    }
  } finally {
    command.startReceiving();
  }
  for (let next = await (pending ?? chunks.next()); !next.done; next = await chunks.next()) await sendChunk(command, next.value);
  if (!command.done) await command.end();
}
