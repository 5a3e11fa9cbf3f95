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

/**
 * Sends our stdin to the command in order, in envelope-sized pieces, then End. Stops quietly once the
 * command has finished (it may exit without reading everything we have).
 */
export async function feedStdin(input: Readable, command: RemoteCommand): Promise<void> {
  for await (const chunk of input) {
    const data = chunk as Buffer;
    for (let offset = 0; offset < data.length; offset += MAX_SEND_BYTES) {
      if (command.done) return;
      await command.write(data.subarray(offset, offset + MAX_SEND_BYTES));
    }
  }
  if (!command.done) await command.end();
}
