import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCliProcess } from '../support/cli-process.ts';
import type { HostileWinrmServer } from './hostile-winrm-server.ts';
import { answers, CLI_ENV, cliArgs, hostileServerForFile, receiveResponse, soap } from './hostile-winrm-server.ts';

// Issue 11, item 6: what the command line prints about a failure, and its warnings and notes, may
// quote a server or a file; a terminal would act on the control characters in it (retitle the
// window, clear the screen, overwrite a line). Those lines come out as one inert line; the remote
// command's own output still goes to the terminal as it is.

// eslint-disable-next-line no-control-regex
const ACTIVE = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f]/u;
const HOSTILE = 'Access denied\u001b]0;owned\u0007\u001b[2J\r\nC:\\> FAKE PROMPT \u009b31m';

let server: HostileWinrmServer;
hostileServerForFile((started) => (server = started));

describe('server text on stderr (real process)', { timeout: 30_000 }, () => {
  it('a fault message full of escape sequences becomes one visible, inert error line', async () => {
    server.answer({ Create: answers.fault('5', HOSTILE) });
    const result = await runCliProcess(['exec', ...cliArgs(server), '--', 'x'], { env: CLI_ENV });
    expect(result.code).toBe(255);
    const lines = result.stderr.split('\n').filter(Boolean);
    expect(lines.at(-1)).toBe('winrm-desk: error WSMAN_FAULT: WSManFault 5: Access denied␛]0;owned␇␛[2J C:\\> FAKE PROMPT ␛[31m');
    expect(result.stderr).not.toMatch(ACTIVE);
  });

  it('a fault in the middle of a command: the error line is inert, the command’s own output is passed as it is', async () => {
    server.answer({
      Receive: (req, res) => (req.index === 0 ? soap(res, receiveResponse(req.messageId, { stdout: '\u001b[1mbold\u001b[0m\n' })) : answers.fault('6', HOSTILE)(req, res)),
    });
    const result = await runCliProcess(['exec', ...cliArgs(server), '--', 'x'], { env: CLI_ENV });
    expect(result.code).toBe(255);
    expect(result.stdout.toString()).toBe('\u001b[1mbold\u001b[0m\n');
    expect(result.stderr).toMatch(/winrm-desk: error WSMAN_FAULT: WSManFault 6: Access denied␛\]0;owned␇␛\[2J C:\\> FAKE PROMPT ␛\[31m\n$/);
    expect(result.stderr).not.toMatch(ACTIVE);
  });
});

describe('file text in warnings and listings (real process)', { timeout: 30_000 }, () => {
  it('a rejected import row and the host list quote an imported name inertly', async () => {
    const store = mkdtempSync(path.join(tmpdir(), 'winrm-desk-injection-'));
    try {
      const csv = path.join(store, 'hosts.csv');
      const name = 'dc\u001b]0;owned\u0007\u001b[2J';
      writeFileSync(csv, `name,address,port,transport,auth,folder,tags\n${name},dc01,5986,https,basic,,\n${name},dc02,5986,https,basic,,\n`);
      const imported = await runCliProcess(['profiles', 'import', '--store', store, csv]);
      expect(imported.code).toBe(2);
      expect(imported.stderr).toBe('winrm-desk: line 3: a host named "dc␛]0;owned␇␛[2J" is already in line 2\n');
      const listed = await runCliProcess(['profiles', 'list', '--store', store]);
      expect(listed.stdout.toString()).toContain('dc␛]0;owned␇␛[2J  dc01');
      expect(listed.stdout.toString()).not.toMatch(ACTIVE);
    } finally {
      rmSync(store, { recursive: true, force: true });
    }
  });
});
