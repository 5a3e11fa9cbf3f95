import { describe, expect, it } from 'vitest';
import { RemoteShell } from '../../../electron/sessions/remote-shell.ts';
import type { HostileWinrmServer } from '../../reliability/hostile-winrm-server.ts';
import { answers, hostileServerForFile, receiveResponse, sessionOn, soap } from '../../reliability/hostile-winrm-server.ts';

// The receive loop sends the next Receive before it hands the current reply's output on, so the
// server works on the next reply while the consumer drains this one. What must still hold: a
// consumer that stops reading stops the loop after that one extra Receive, and a finished command
// gets no Receive after the one that reported it Done.

const delay = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));
const CHUNK = 'x'.repeat(64 * 1024);

let server: HostileWinrmServer;
hostileServerForFile((started) => (server = started));

const sessionFor = () => sessionOn(server);

describe('the Receive ahead of the output being handed on', { timeout: 15_000 }, () => {
  it('goes out while the consumer has not read the last reply, and no further until it reads', async () => {
    let doneAfter = Infinity;
    server.answer({
      Receive: (req, res) => {
        const n = server.count('Receive');
        soap(res, receiveResponse(req.messageId, n >= doneAfter ? { stdout: CHUNK, exitCode: 0 } : { stdout: CHUNK }));
      },
    });
    const session = sessionFor();
    try {
      const shell = await RemoteShell.open(session);
      const command = await shell.run('x');
      await delay(800);
      // Nobody reads stdout: the first reply waits in the stream, the second in memory.
      expect(server.count('Receive')).toBe(2);
      expect(command.stdout.readableLength).toBe(CHUNK.length);
      await delay(400);
      expect(server.count('Receive')).toBe(2);

      doneAfter = 6;
      let received = 0;
      command.stdout.on('data', (chunk: Buffer) => (received += chunk.length));
      await expect(command.exitCode).resolves.toBe(0);
      expect(server.count('Receive')).toBe(6);
      expect(received).toBe(6 * CHUNK.length);
    } finally {
      await session.close();
    }
  });

  it('is not sent after the reply that reports the command Done', async () => {
    server.answer({ Receive: answers.exitWith(3, 'last words\n') });
    const session = sessionFor();
    try {
      const shell = await RemoteShell.open(session);
      const command = await shell.run('x');
      let received = '';
      command.stdout.on('data', (chunk: Buffer) => (received += chunk.toString()));
      await expect(command.exitCode).resolves.toBe(3);
      await delay(200);
      expect(received).toBe('last words\n');
      expect(server.count('Receive')).toBe(1);
    } finally {
      await session.close();
    }
  });
});
