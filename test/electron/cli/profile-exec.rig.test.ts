import { mkdtempSync, readdirSync, readFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { runCliProcess } from '../../support/cli-process.ts';

// A saved host, its credential in the master-password vault and its proxy profile, used by
// `exec --profile` against the test WinRM server through Squid, all through the real CLI.
const rig = inject('rig');
const control = new WinrmControl(rig);
const store = mkdtempSync(path.join(os.tmpdir(), 'profile-exec-'));
const env = { MASTER: 'correct horse battery staple', NTLM_SECRET: rig.winrm.ntlmPassword, BASIC_SECRET: rig.winrm.basicPassword, PROXY_SECRET: rig.squid.basicPassword };
const cli = (...args: string[]) => runCliProcess(args, { env });

async function ok(...args: string[]): Promise<string> {
  const result = await cli(...args);
  if (result.code !== 0) throw new Error(`${args.slice(0, 2).join(' ')} failed (${result.code}): ${result.stderr}`);
  return result.stdout.toString();
}

beforeAll(async () => {
  await ok('vault', 'init', '--store', store, '--master-password-env', 'MASTER');
  await ok('vault', 'add', '--store', store, '--label', 'rig-ntlm', '--user', rig.winrm.ntlmUser, '--domain', rig.winrm.ntlmDomain, '--kind', 'host', '--secret-env', 'NTLM_SECRET', '--master-password-env', 'MASTER');
  await ok('profiles', 'add-proxy', '--store', store, '--name', 'squid-open', '--url', `http://127.0.0.1:${rig.squid.openPort}`);
  await ok('profiles', 'add', '--store', store, '--name', 'rig-http', '--address', rig.winrm.host, '--port', String(rig.winrm.httpPort), '--transport', 'http', '--auth', 'ntlm', '--credential', 'rig-ntlm', '--proxy', 'squid-open');
  await ok('vault', 'add', '--store', store, '--label', 'rig-basic', '--user', rig.winrm.basicUser, '--kind', 'host', '--secret-env', 'BASIC_SECRET', '--master-password-env', 'MASTER');
  await ok('profiles', 'add-proxy', '--store', store, '--name', 'from-environment', '--access', 'environment');
  await ok('vault', 'add', '--store', store, '--label', 'squid-user', '--user', rig.squid.basicUser, '--kind', 'proxy', '--secret-env', 'PROXY_SECRET', '--master-password-env', 'MASTER');
  await ok('profiles', 'add-proxy', '--store', store, '--name', 'squid-auth', '--url', `http://127.0.0.1:${rig.squid.authPort}`, '--auth', 'basic', '--credential', 'squid-user');
  await ok('profiles', 'add', '--store', store, '--name', 'rig-https-auth-proxy', '--address', rig.winrm.host, '--port', String(rig.winrm.httpsPort), '--transport', 'https', '--auth', 'basic', '--credential', 'rig-basic', '--proxy', 'squid-auth', '--ca', rig.ca.certPath);
  await ok('profiles', 'add', '--store', store, '--name', 'rig-https-env', '--address', rig.winrm.host, '--port', String(rig.winrm.httpsPort), '--transport', 'https', '--auth', 'basic', '--credential', 'rig-basic', '--proxy', 'from-environment', '--ca', rig.ca.certPath);
});

describe('exec --profile', () => {
  it('reaches the test server with the stored credential through the stored proxy profile', async () => {
    await control.reset();
    const forwarded = () => readFileSync(rig.squid.accessLog, 'utf8').split('\n').filter((l) => l.includes(`POST http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`)).length;
    const before = forwarded();
    const result = await cli('exec', '--profile', 'rig-http', '--store', store, '--master-password-env', 'MASTER', '--', 'echo from a saved profile');
    expect(result.stderr).not.toMatch(/error/);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.toString()).toBe('from a saved profile\n');
    const counters = await control.counters();
    expect(counters.handshakes.ntlm).toBe(1);
    expect(counters.plaintextRequests).toBe(0);
    await expect.poll(forwarded, { timeout: 5000 }).toBeGreaterThan(before);
  });

  it('answers the proxy with the proxy credential saved in the vault (Basic, CONNECT tunnel)', async () => {
    const tunnels = () => readFileSync(rig.squid.accessLog, 'utf8').split('\n').filter((l) => l.includes(`CONNECT ${rig.winrm.host}:${rig.winrm.httpsPort} ${rig.squid.basicUser} `)).length;
    const before = tunnels();
    const result = await cli('exec', '--profile', 'rig-https-auth-proxy', '--store', store, '--master-password-env', 'MASTER', '--', 'echo through the authenticating proxy');
    expect(result.stderr).not.toMatch(/error/);
    expect(result).toMatchObject({ code: 0 });
    expect(result.stdout.toString()).toBe('through the authenticating proxy\n');
    await expect.poll(tunnels, { timeout: 5000 }).toBe(before + 1);
    expect(result.stderr).not.toContain(rig.squid.basicPassword);
  });

  it('reads HTTPS_PROXY only because the proxy profile chose the environment', async () => {
    const tunnels = () => readFileSync(rig.squid.accessLog, 'utf8').split('\n').filter((l) => l.includes(`CONNECT ${rig.winrm.host}:${rig.winrm.httpsPort}`)).length;
    const before = tunnels();
    const args = ['exec', '--profile', 'rig-https-env', '--store', store, '--master-password-env', 'MASTER', '--', 'echo via environment proxy'];
    const viaProxy = await runCliProcess(args, { env: { ...env, https_proxy: `http://127.0.0.1:${rig.squid.openPort}` } });
    expect(viaProxy).toMatchObject({ code: 0 });
    expect(viaProxy.stdout.toString()).toBe('via environment proxy\n');
    await expect.poll(tunnels, { timeout: 5000 }).toBe(before + 1);
    // NO_PROXY names the host: direct, and Squid sees nothing more.
    const bypassed = await runCliProcess(args, { env: { ...env, https_proxy: `http://127.0.0.1:${rig.squid.openPort}`, no_proxy: rig.winrm.host } });
    expect(bypassed.stdout.toString()).toBe('via environment proxy\n');
    await new Promise((resolve) => setTimeout(resolve, 300));
    expect(tunnels()).toBe(before + 1);
  });

  it('uses the profile’s own proxy, never the ambient HTTP_PROXY/HTTPS_PROXY', async () => {
    await control.reset();
    const result = await runCliProcess(['exec', '--profile', 'rig-http', '--store', store, '--master-password-env', 'MASTER', '--', 'echo x'], {
      env: { ...env, http_proxy: 'http://127.0.0.1:1', https_proxy: 'http://127.0.0.1:1' },
    });
    // rig-http's own proxy profile (Squid) is used; the ambient variables are not.
    expect(result).toMatchObject({ code: 0 });
  });

  it('refuses a wrong master password and changes nothing on disk', async () => {
    const snapshot = () => Object.fromEntries(readdirSync(store).map((f) => [f, readFileSync(path.join(store, f)).toString('base64')]));
    const before = snapshot();
    const result = await runCliProcess(['exec', '--profile', 'rig-http', '--store', store, '--master-password-env', 'MASTER', '--', 'echo x'], { env: { MASTER: 'wrong' } });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error VAULT_WRONG_PASSWORD: /m);
    expect(snapshot()).toEqual(before);
  });

  it('will not take connection flags that the profile holds', async () => {
    const result = await cli('exec', '--profile', 'rig-http', '--store', store, '--url', 'http://elsewhere/wsman', '--', 'echo x');
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/--url comes from the saved host/);
  });

  it('keeps no secret in plaintext in the store directory', () => {
    for (const file of readdirSync(store)) {
      const bytes = readFileSync(path.join(store, file));
      for (const secret of [rig.winrm.ntlmPassword, env.MASTER]) {
        expect(bytes.includes(Buffer.from(secret, 'utf8')), file).toBe(false);
        expect(bytes.includes(Buffer.from(secret, 'utf16le')), file).toBe(false);
      }
    }
  });
});
