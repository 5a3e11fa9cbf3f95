import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, beforeAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { WinrmControl } from '../../rig/winrm-control.ts';
import type { CliResult } from '../../support/cli-process.ts';
import { defineExecCases } from '../../support/exec-cases.ts';

// The command line as it ships: the main-process bundle built by the project's own config (undici
// bundled with its node:http2 stand-in, parser data left in node_modules, built-ins by
// process.getBuiltinModule), run against the rig. The other CLI tests run the TypeScript sources.
const rig = inject('rig');
const control = new WinrmControl(rig);
const OUT = path.resolve(`out/test-bundle-${process.pid}`);
const CLI = path.join(OUT, 'main', 'cli.js');
const REPORT_BUILTINS = path.resolve('test/electron/bundle/report-builtins.mjs');
const reports = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-bundled-cli-'));

const env = { NTLM_PASSWORD: rig.winrm.ntlmPassword, WINRM_PASSWORD: rig.winrm.basicPassword, KRB_PASSWORD: rig.krb5.password, KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: `FILE:${rig.dir}/no-such-ccache` };
const httpUrl = `http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`;
const ntlmHttp = ['--url', httpUrl, '--auth', 'ntlm', '--user', `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`, '--password-env', 'NTLM_PASSWORD', '--encryption', 'always'];
const basicHttps = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath];
const kerberosHttp = ['--url', httpUrl, '--auth', 'kerberos', '--spn-host', rig.winrm.spnHost, '--user', rig.krb5.principal, '--password-env', 'KRB_PASSWORD'];

let runs = 0;
/** One run of the bundled CLI; `builtins` lists the Node built-in modules the process loaded. */
async function bundled(args: readonly string[], stdin = ''): Promise<CliResult & { builtins: string[] }> {
  const report = path.join(reports, `run-${runs++}.json`);
  const child = spawn(process.execPath, ['--import', REPORT_BUILTINS, CLI, ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...env, BUILTINS_REPORT: report },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  child.stdin.end(stdin);
  const code = await new Promise<number | null>((resolve) => child.once('close', resolve));
  return { code, stdout: Buffer.concat(out), stderr, builtins: JSON.parse(readFileSync(report, 'utf8')) as string[] };
}

beforeAll(async () => {
  const build = spawn(path.resolve('node_modules/.bin/electron-vite'), ['build', '-c', 'test/electron/bundle/main-only.config.ts', '--outDir', OUT, '--logLevel', 'warn', '--ignoreConfigWarning'], { stdio: ['ignore', 'ignore', 'pipe'] });
  let errors = '';
  build.stderr.setEncoding('utf8').on('data', (chunk: string) => (errors += chunk));
  const code = await new Promise<number | null>((resolve) => build.once('close', resolve));
  if (code !== 0) throw new Error(`the bundle did not build: ${errors}`);
}, 180_000);

afterAll(() => {
  rmSync(OUT, { recursive: true, force: true });
  rmSync(reports, { recursive: true, force: true });
});

beforeEach(() => control.reset());

describe('the main-process bundle as built', () => {
  const chunks = () => readdirSync(path.join(OUT, 'main'), { recursive: true, encoding: 'utf8' }).filter((file) => file.endsWith('.js')).map((file) => readFileSync(path.join(OUT, 'main', file), 'utf8'));

  it('neither imports nor requires node:http2, and imports no built-in as an ES module', () => {
    const all = chunks();
    expect(all.length).toBeGreaterThan(3);
    for (const code of all) {
      expect(code).not.toMatch(/(?:require|import)\(\s*["']node:http2["']\s*\)|from\s*["']node:http2["']/);
      expect(code).not.toMatch(/^\s*import\b[^;(]*["']node:/m);
    }
  });

  it('has undici inside it, and its parser data outside', () => {
    const all = chunks().join('\n');
    expect(all).toContain('HTTP/2 is not part of this bundle');
    expect(all).not.toMatch(/from\s*["']undici\/lib\/dispatcher\//);
    expect(all).toContain('__require("undici/lib/llhttp/llhttp_simd-wasm.js")');
  });
});

describe('the bundled CLI, NTLM sealed over HTTP', () => {
  defineExecCases((command, extra = [], stdin) => bundled(['exec', ...ntlmHttp, ...extra, '--', command], stdin));

  it('starts without node:http2, node:tls, node:readline, node:dns or net.BlockList, and sealed every request', async () => {
    const result = await bundled(['exec', ...ntlmHttp, '--', 'echo sealed']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('sealed\n');
    expect(result.builtins).toContain('crypto');
    expect(result.builtins).not.toContain('http2');
    expect(result.builtins).not.toContain('tls');
    expect(result.builtins).not.toContain('readline');
    // The server is named by its address: nothing is resolved, so node:dns is never loaded.
    expect(result.builtins).not.toContain('dns');
    // Only a CIDR bypass entry needs net.BlockList.
    expect(result.builtins).not.toContain('internal/blocklist');
    // What keeps WebAssembly (undici's parser) in its baseline tier: electron/cli/baseline-wasm.ts.
    expect(result.builtins).toContain('v8');
    const counters = await control.counters();
    expect(counters.plaintextRequests).toBe(0);
    expect(counters.encryptedRequests).toBeGreaterThan(0);
  });

  it('runs a batch, loading node:readline when it reads the lines', async () => {
    const result = await bundled(['batch', ...ntlmHttp], 'echo one\necho two\necho three\n');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('one\ntwo\nthree\n');
    expect(result.builtins).toContain('readline');
  });
});

describe('the bundled CLI on the other paths that load modules late', () => {
  it('Basic over HTTPS: undici loads node:tls when the URL is https, and verifies the certificate', async () => {
    const ok = await bundled(['exec', ...basicHttps, '--', 'echo over tls']);
    expect(ok).toMatchObject({ code: 0, stderr: '' });
    expect(ok.stdout.toString()).toBe('over tls\n');
    expect(ok.builtins).toContain('tls');
    expect(ok.builtins).not.toContain('http2');
    const untrusted = await bundled(['exec', ...basicHttps.filter((arg) => arg !== '--ca' && arg !== rig.ca.certPath), '--', 'echo never']);
    expect(untrusted.code).not.toBe(0);
    expect(untrusted.stdout.toString()).toBe('');
  });

  it('Kerberos sealed over HTTP: the GSSAPI addon loads from the bundle', async () => {
    const result = await bundled(['exec', ...kerberosHttp, '--', 'echo kerberos']);
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('kerberos\n');
    const counters = await control.counters();
    expect(counters.handshakesByScheme.Kerberos).toBeGreaterThanOrEqual(1);
    expect(counters.plaintextRequests).toBe(0);
  });

  it('NTLM forwarded through Squid: the proxy route works from the bundle', async () => {
    const result = await bundled(['exec', ...ntlmHttp, '--proxy', `127.0.0.1:${rig.squid.openPort}`, '--', 'echo forwarded']);
    expect(result.code).toBe(0);
    expect(result.stdout.toString()).toBe('forwarded\n');
    // Squid pins the connection for NTLM; the CLI says that forwarding depends on it.
    expect(result.stderr).toMatch(/^winrm-desk: warning: NTLM is connection-based/);
  });
});
