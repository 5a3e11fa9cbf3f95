import { spawn } from 'node:child_process';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';

// The bundle imports electron/bundle/undici-core.js wherever the sources import undici: after an
// undici upgrade that moves or renames these modules, this fails instead of the built app.
const CORE = pathToFileURL(path.resolve('electron/bundle/undici-core.js')).href;

function runScript(source: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(process.execPath, ['--input-type=module', '-e', source], { cwd: process.cwd(), stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.setEncoding('utf8').on('data', (chunk: string) => (stdout += chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  return new Promise((resolve) => child.once('close', (code) => resolve({ code, stdout, stderr })));
}

describe('undici-core (what the bundle takes from undici)', () => {
  it('gives a Client with request() without loading undici’s index, and the same objects the index exports', async () => {
    const result = await runScript(`
      import { createRequire } from 'node:module';
      const core = await import(${JSON.stringify(CORE)});
      const require = createRequire(import.meta.url);
      const loaded = () => Object.keys(require.cache).filter((f) => f.includes('/node_modules/undici/'));
      const client = new core.Client('http://127.0.0.1:1');
      const before = { request: typeof client.request, index: loaded().some((f) => f.endsWith('/undici/index.js')), modules: loaded().length };
      await client.close();
      const undici = await import('undici');
      console.log(JSON.stringify({
        before,
        same: { Client: core.Client === undici.Client, buildConnector: core.buildConnector === undici.buildConnector, errors: core.errors === undici.errors },
        socketError: new core.errors.SocketError('x') instanceof undici.errors.UndiciError,
        after: loaded().length,
      }));
    `);
    expect(result.stderr).toBe('');
    const report = JSON.parse(result.stdout) as { before: { request: string; index: boolean; modules: number }; same: Record<string, boolean>; socketError: boolean; after: number };
    expect(report.before.request).toBe('function');
    expect(report.before.index).toBe(false);
    expect(report.same).toEqual({ Client: true, buildConnector: true, errors: true });
    expect(report.socketError).toBe(true);
    // The point of it: far fewer of undici's modules than its index loads.
    expect(report.before.modules).toBeLessThan(report.after / 2);
  });
});
