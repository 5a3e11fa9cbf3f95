import { mkdtemp, rm, writeFile, mkdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WebSocket from 'ws';
import { openAppServices } from '../../electron/app-services.ts';
import { startHarness, type Harness } from './server.ts';

let dir: string;
let harness: Harness;

beforeAll(async () => {
  dir = await mkdtemp(path.join(os.tmpdir(), 'harness-test-'));
  await mkdir(path.join(dir, 'renderer'));
  await writeFile(path.join(dir, 'renderer', 'index.html'), '<html><head></head><body></body></html>');
  await writeFile(path.join(dir, 'shim.js'), '/* shim */');
  await writeFile(path.join(dir, 'outside.txt'), 'not served');
  harness = await startHarness(
    { rendererDir: path.join(dir, 'renderer'), shimFile: path.join(dir, 'shim.js') },
    openAppServices(path.join(dir, 'data'), { osCipher: null }).services,
  );
});

afterAll(async () => {
  await harness.close();
  await rm(dir, { recursive: true, force: true });
});

function connect(token: string, origin: string): Promise<WebSocket> {
  return new Promise((resolve, reject) => {
    const ws = new WebSocket(`${harness.origin.replace('http', 'ws')}/__harness/ipc?token=${encodeURIComponent(token)}`, { origin });
    ws.once('open', () => resolve(ws));
    ws.once('unexpected-response', (_req, res) => reject(new Error(`HTTP ${res.statusCode}`)));
    ws.once('error', reject);
  });
}

function call(ws: WebSocket, message: unknown): Promise<unknown> {
  return new Promise((resolve) => {
    ws.once('message', (data) => resolve(JSON.parse(String(data))));
    ws.send(JSON.stringify(message));
  });
}

describe('browser test harness transport', () => {
  it('answers a page from its own origin holding the run token, through the real dispatcher', async () => {
    const ws = await connect(harness.token, harness.origin);
    await expect(call(ws, { id: 1, channel: 'hosts:add', payload: { name: 'x', address: 'x.example', transport: 'https', port: 0 } })).resolves.toMatchObject({
      id: 1,
      result: { ok: false, error: { code: 'INVALID_ARGUMENT' } },
    });
    await expect(call(ws, { id: 2, channel: 'app:getInfo' })).resolves.toMatchObject({ id: 2, result: { ok: true, value: { name: 'WinRM Desk' } } });
    ws.close();
  });

  it('refuses a wrong token', async () => {
    await expect(connect('A'.repeat(harness.token.length), harness.origin)).rejects.toThrow('HTTP 403');
  });

  it('refuses the right token from another origin (a web page in the same browser)', async () => {
    await expect(connect(harness.token, 'http://evil.example')).rejects.toThrow('HTTP 403');
  });

  it('closes a connection that sends something other than an IPC message', async () => {
    const ws = await connect(harness.token, harness.origin);
    const closed = new Promise<number>((resolve) => ws.once('close', (code) => resolve(code)));
    ws.send('not json');
    await expect(closed).resolves.toBe(1007);
  });

  it('serves the shim inside the page and nothing outside the renderer directory', async () => {
    const page = await (await fetch(harness.origin + '/')).text();
    expect(page).toContain('<script src="/__harness/shim.js"></script>');
    const outside = await fetch(harness.origin + '/%2e%2e/outside.txt');
    expect(outside.status).toBe(404);
  });
});
