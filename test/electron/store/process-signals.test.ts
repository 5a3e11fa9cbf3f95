import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// Signals are process-wide, so each case runs in a fresh Node process that imports the real
// conf → atomically → when-exit chain, as the CLI and the Electron main process do.
const MODULE = pathToFileURL(path.resolve('electron/store/process-signals.ts')).href;

interface ChildResult {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stdout: string;
  readonly stderr: string;
}

function runScript(source: string): Promise<ChildResult> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code, signal) => resolve({ code, signal, stdout, stderr })));
}

describe('process signals and when-exit (pulled in by conf)', () => {
  it('finds when-exit’s signal listeners and removes them all, keeping its exit listener', async () => {
    const result = await runScript(`
      import { detachWhenExitSignalListeners } from ${JSON.stringify(MODULE)};
      const signalListeners = () => process.eventNames().filter((n) => typeof n === 'string' && n.startsWith('SIG')).reduce((sum, n) => sum + process.listenerCount(n), 0);
      const before = { SIGINT: process.listenerCount('SIGINT'), SIGTERM: process.listenerCount('SIGTERM'), SIGHUP: process.listenerCount('SIGHUP'), all: signalListeners(), exit: process.listenerCount('exit') };
      const removed = detachWhenExitSignalListeners();
      console.log(JSON.stringify({ before, removed, after: signalListeners(), exit: process.listenerCount('exit'), again: detachWhenExitSignalListeners() }));
    `);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { before: Record<string, number>; removed: number; after: number; exit: number; again: number };
    // If this fails after an upgrade, when-exit registers differently: see process-signals.ts.
    expect(report.before).toMatchObject({ SIGINT: 1, SIGTERM: 1, SIGHUP: 1 });
    expect(report.removed).toBe(report.before['all']);
    expect(report.after).toBe(0);
    expect(report.exit).toBe(report.before['exit']);
    expect(report.again).toBe(0);
  });

  it('delivers one SIGINT to our handler once, and a later SIGTERM too (not swallowed)', async () => {
    const result = await runScript(`
      import { onTerminationSignals } from ${JSON.stringify(MODULE)};
      const seen = [];
      const keepAlive = setTimeout(() => console.log(JSON.stringify(seen)), 3000);
      const off = onTerminationSignals((signal) => {
        seen.push(signal);
        if (signal !== 'SIGTERM') return;
        off();
        clearTimeout(keepAlive);
        console.log(JSON.stringify(seen));
      });
      process.kill(process.pid, 'SIGINT');
      // Long enough for a re-sent SIGINT to arrive, were one sent.
      setTimeout(() => process.kill(process.pid, 'SIGTERM'), 300);
    `);
    expect(result).toMatchObject({ code: 0, signal: null, stderr: '' });
    expect(JSON.parse(result.stdout)).toEqual(['SIGINT', 'SIGTERM']);
  });

  it('leaves a signal nobody handles to Node’s default action, also after an earlier handled one', async () => {
    const result = await runScript(`
      import { onTerminationSignals } from ${JSON.stringify(MODULE)};
      const off = onTerminationSignals(() => {
        off();
        setTimeout(() => process.kill(process.pid, 'SIGTERM'), 100);
      });
      process.kill(process.pid, 'SIGINT');
      setTimeout(() => console.log('survived SIGTERM'), 2000);
    `);
    expect(result.stdout).toBe('');
    expect(result.signal).toBe('SIGTERM');
  });

  it('keeps when-exit’s clean-up on exit (what atomically registers it for)', async () => {
    const result = await runScript(`
      import whenExit from 'when-exit';
      import { onTerminationSignals } from ${JSON.stringify(MODULE)};
      whenExit(() => process.stdout.write('clean-up ran\\n'));
      const off = onTerminationSignals(() => {
        off();
        process.exitCode = 7;
      });
      process.kill(process.pid, 'SIGINT');
    `);
    expect(result).toMatchObject({ code: 7, signal: null, stdout: 'clean-up ran\n', stderr: '' });
  });
});
