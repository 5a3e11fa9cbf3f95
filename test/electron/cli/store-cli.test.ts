import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PassThrough, Readable } from 'node:stream';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { runProfilesCli, withProfileRequest } from '../../../electron/cli/profiles-cli.ts';
import { defaultDataDirectory } from '../../../electron/store/data-directory.ts';
import type { CliIo } from '../../../electron/cli/run.ts';
import { runVaultCli } from '../../../electron/cli/vault-cli.ts';

// The CLI tests for issue 7 live beside the store until test/electron/cli/ is theirs to change.
const scrypt = { N: 1024, r: 8, p: 1 };
let dir: string;

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'winrm-desk-cli-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function io(env: Record<string, string> = {}): CliIo & { out: () => string; err: () => string } {
  const stdout = new PassThrough();
  const stderr = new PassThrough();
  const chunks = { out: [] as Buffer[], err: [] as Buffer[] };
  stdout.on('data', (c: Buffer) => chunks.out.push(c));
  stderr.on('data', (c: Buffer) => chunks.err.push(c));
  return { stdin: Readable.from([]), stdout, stderr, env, onInterrupt: () => () => undefined, out: () => Buffer.concat(chunks.out).toString(), err: () => Buffer.concat(chunks.err).toString() };
}

const profiles = async (args: string[], env: Record<string, string> = {}) => {
  const cli = io(env);
  const code = await runProfilesCli([args[0]!, '--store', dir, ...args.slice(1)], cli);
  return { code, out: cli.out(), err: cli.err() };
};
const vault = async (args: string[], env: Record<string, string> = {}) => {
  const cli = io(env);
  const code = await runVaultCli([args[0]!, '--store', dir, ...args.slice(1)], cli, { scrypt });
  return { code, out: cli.out(), err: cli.err() };
};

describe('profiles and vault commands', () => {
  it('creates a vault, adds a credential from the environment and links a host to it', async () => {
    const env = { MPW: 'master pw', SECRET: 'cli-secret-0a1b' };
    expect(await vault(['init', '--master-password-env', 'MPW'], env)).toMatchObject({ code: 0, out: expect.stringMatching(/created/) });
    expect(await vault(['add', '--label', 'Admin', '--user', 'admin', '--domain', 'CORP', '--secret-env', 'SECRET', '--master-password-env', 'MPW'], env)).toMatchObject({ code: 0 });
    expect(await vault(['unlock-check', '--master-password-env', 'MPW'], env)).toMatchObject({ code: 0, out: expect.stringMatching(/1 credential/) });
    const listed = await vault(['list', '--json']);
    expect(JSON.parse(listed.out)).toEqual([{ id: expect.any(String), label: 'Admin', userName: 'admin', domain: 'CORP', kind: 'host', hasSecret: true }]);

    const added = await profiles(['add', '--name', 'dc01', '--address', 'dc01.corp', '--folder', 'Prod/DCs', '--credential', 'admin', '--tag', 'ad', '--cert-thumbprint', 'ab:'.repeat(31) + 'ab', '--env', 'A=1']);
    expect(added).toMatchObject({ code: 0, out: expect.stringMatching(/^added dc01/) });
    const shown = JSON.parse((await profiles(['show', 'dc01', '--json'])).out);
    expect(shown).toMatchObject({ folder: 'Prod/DCs', tags: ['ad'], settings: { transport: 'https', port: 5986, credentialId: JSON.parse(listed.out)[0].id, tls: { mode: 'pin' }, environment: { A: '1' } }, from: { auth: 'built-in', credentialId: 'host' } });
    expect((await profiles(['list'])).out).toMatch(/^NAME\s+ADDRESS\s+ENDPOINT\s+AUTH\s+FOLDER\s+TAGS\ndc01\s+dc01\.corp\s+https:5986\s+negotiate\s+Prod\/DCs\s+ad\n$/);

    expect(await vault(['remove', 'Admin'])).toMatchObject({ code: 255, err: expect.stringMatching(/^winrm-desk: error CONFLICT: .*used by 1/) });
    for (const file of readdirSync(dir)) {
      const bytes = readFileSync(join(dir, file));
      expect(bytes.includes(Buffer.from('cli-secret-0a1b')) || bytes.includes(Buffer.from('cli-secret-0a1b', 'utf16le')) || bytes.includes(Buffer.from('master pw'))).toBe(false);
    }
  });

  it('never takes a secret from argv, and says how to pass it', async () => {
    expect(await vault(['init', '--master-password', 'hunter2'])).toMatchObject({ code: 255, err: expect.stringMatching(/INVALID_ARGUMENT: secrets are never taken from the command line.*--master-password-env VAR/) });
    expect(await vault(['init', '--master-password-env', 'NOPE'])).toMatchObject({ code: 255, err: expect.stringMatching(/NOPE \(named by --master-password-env\) is not set/) });
    expect(readdirSync(dir)).toEqual([]);
  });

  it('reports a wrong master password with its code and changes nothing; change-password round trip', async () => {
    const env = { MPW: 'one', NEW: 'two', BAD: 'three', S: 'sss-secret' };
    await vault(['init', '--master-password-env', 'MPW'], env);
    await vault(['add', '--label', 'A', '--user', 'a', '--secret-env', 'S', '--master-password-env', 'MPW'], env);
    const before = readFileSync(join(dir, 'vault.json'));
    expect(await vault(['unlock-check', '--master-password-env', 'BAD'], env)).toMatchObject({ code: 255, err: 'winrm-desk: error VAULT_WRONG_PASSWORD: The master password is wrong; nothing was changed.\n' });
    expect(await vault(['change-password', '--master-password-env', 'BAD', '--new-master-password-env', 'NEW'], env)).toMatchObject({ code: 255, err: expect.stringMatching(/VAULT_WRONG_PASSWORD/) });
    expect(readFileSync(join(dir, 'vault.json'))).toEqual(before);
    expect(await vault(['change-password', '--master-password-env', 'MPW', '--new-master-password-env', 'NEW'], env)).toMatchObject({ code: 0 });
    expect((await vault(['unlock-check', '--master-password-env', 'MPW'], env)).code).toBe(255);
    expect((await vault(['unlock-check', '--master-password-env', 'NEW'], env)).code).toBe(0);
  });

  it('imports with per-line reasons and a partial exit code, and exports without secrets', async () => {
    const file = join(dir, 'hosts.csv');
    writeFileSync(file, 'name,address,port\r\nweb01,web01.corp,\r\nweb02,web 02,\r\nweb03,web03.corp,70000\r\n');
    const imported = await profiles(['import', file]);
    expect(imported.code).toBe(2);
    expect(imported.err).toBe('winrm-desk: line 3: address: Address must be a host name or an IP address, without scheme or path\nwinrm-desk: line 4: port: Port must be 1–65535\n');
    expect(imported.out).toBe('imported 1 host(s) from csv, 0 new folder(s), 2 rejected\n');
    expect((await profiles(['export', '--format', 'json'])).out).toMatch(/"name": "web01"/);
    expect((await profiles(['export', '--format', 'xml'])).err).toMatch(/--format must be one of csv\|json/);
  });

  it('warns about a damaged profile file it recovered, on stderr, and still answers', async () => {
    await profiles(['add', '--name', 'a', '--address', 'a.corp']);
    await profiles(['add', '--name', 'b', '--address', 'b.corp']);
    writeFileSync(join(dir, 'profiles.json'), '{"version":2,"hosts":[{');
    const listed = await profiles(['list']);
    expect(listed.code).toBe(0);
    expect(listed.err).toMatch(/^winrm-desk: warning: STORE_CORRUPT: .*profiles\.json: the file is not valid JSON.*kept as .*profiles\.json\.corrupt-/);
    expect(listed.out).toMatch(/\na\s/);
  });

  it('uses coded errors for unknown verbs, missing hosts and contradictory flags', async () => {
    expect((await profiles(['frobnicate'])).err).toMatch(/^winrm-desk: error INVALID_ARGUMENT: unknown profiles command/);
    expect((await profiles(['show', 'nope'])).err).toMatch(/^winrm-desk: error NOT_FOUND: /);
    expect((await profiles(['add', '--name', 'x', '--address', 'x', '--ca', 'f.pem', '--insecure-skip-verify'])).err).toMatch(/contradict/);
    expect((await profiles(['add', '--name', 'x', '--address', 'bad address', '--folder', 'Nope'])).code).toBe(255);
    expect((await profiles(['list', '--json'])).out).toBe('[]\n');
    // Nothing was written: the bad address was caught before the folder would have been created.
    expect(existsSync(join(dir, 'profiles.json'))).toBe(false);
  });

  it('defaults to the desktop app’s data directory', () => {
    expect(defaultDataDirectory({ APPDATA: 'C:\\Users\\a\\AppData\\Roaming' }, 'win32', 'C:\\Users\\a')).toMatch(/Roaming.WinRM Desk$/);
    expect(defaultDataDirectory({}, 'linux', '/home/a')).toBe('/home/a/.config/WinRM Desk');
    expect(defaultDataDirectory({ XDG_CONFIG_HOME: '/x' }, 'linux', '/home/a')).toBe('/x/WinRM Desk');
    expect(defaultDataDirectory({}, 'darwin', '/Users/a')).toBe('/Users/a/Library/Application Support/WinRM Desk');
  });
});

describe('exec --profile support', () => {
  // The flags a profile does not supply.
  const flags = { encryption: 'auto', operationTimeoutSec: 20 } as const;

  it('hands over the saved host as a request whose password is revealed only while the callback runs', async () => {
    const env = { MPW: 'm', S: 'host-pw-77' };
    await vault(['init', '--master-password-env', 'MPW'], env);
    await vault(['add', '--label', 'Admin', '--user', 'admin', '--domain', 'CORP', '--secret-env', 'S', '--master-password-env', 'MPW'], env);
    await profiles(['add', '--name', 'web01', '--address', 'web01.corp', '--auth', 'basic', '--credential', 'Admin', '--insecure-skip-verify', '--codepage', '437']);
    const cli = io(env);
    let reveal: (() => Promise<string>) | null = null;
    const seen = await withProfileRequest({ name: 'web01', store: dir, masterPasswordEnv: 'MPW' }, flags, cli, async (request) => {
      if (request.identity.kind !== 'password') throw new Error('expected a password identity');
      reveal = request.identity.password;
      return { request, password: await request.identity.password(), user: request.identity.userName };
    });
    expect(seen.password).toBe('host-pw-77');
    expect(seen.user).toBe('CORP\\admin');
    expect(seen.request).toMatchObject({ endpoint: new URL('https://web01.corp:5986/wsman'), auth: 'basic', routes: [null], tls: { mode: 'insecure' }, shell: { codepage: 437 }, encryption: 'auto' });
    // Once the callback is over the vault is locked again: the same request can no longer reveal it.
    await expect(reveal!()).rejects.toMatchObject({ code: 'VAULT_LOCKED' });
    await expect(withProfileRequest({ name: 'web01', store: dir, masterPasswordEnv: 'NOPE' }, flags, cli, async () => 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT' });
  });

  it('uses the ticket cache for Kerberos without a credential, and refuses proxy sources it cannot read', async () => {
    await profiles(['add', '--name', 'dc01', '--address', 'dc01.corp', '--auth', 'kerberos']);
    const seen = await withProfileRequest({ name: 'dc01', store: dir, masterPasswordEnv: undefined }, flags, io(), async (request) => request.identity);
    expect(seen).toEqual({ kind: 'logged-on-user' });
    await profiles(['add', '--name', 'web01', '--address', 'web01.corp', '--auth', 'basic']);
    await expect(withProfileRequest({ name: 'web01', store: dir, masterPasswordEnv: undefined }, flags, io(), async () => 0)).rejects.toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/no saved credential/) });
  });

  it('turns a manual proxy profile into the request’s routes', async () => {
    const { ProfileStore } = await import('../../../electron/store/profile-store.ts');
    const { store } = ProfileStore.open(dir);
    const manual = store.addProxyProfile({ name: 'Corp', access: 'manual', url: 'http://proxy.corp:3128', auth: 'negotiate', bypass: ['<local>', '*.lab'], tunnelForHttp: true, spnHost: 'proxy-spn.corp' });
    const system = store.addProxyProfile({ name: 'OS', access: 'system' });
    store.addHost({ name: 'a', address: 'a.corp', auth: 'kerberos', proxyProfileId: manual.id });
    store.addHost({ name: 'b', address: 'b.corp', auth: 'kerberos', proxyProfileId: system.id });
    store.addHost({ name: 'c', address: 'build.lab', auth: 'kerberos', proxyProfileId: manual.id });
    const a = await withProfileRequest({ name: 'a', store: dir, masterPasswordEnv: undefined }, flags, io(), async (request) => request);
    expect(a.routes).toEqual([{ host: 'proxy.corp', port: 3128, auth: 'negotiate', tunnelHttp: true, spnHost: 'proxy-spn.corp' }]);
    // The profile's bypass list is applied when the route is chosen: a host it names goes direct.
    const c = await withProfileRequest({ name: 'c', store: dir, masterPasswordEnv: undefined }, flags, io(), async (request) => request);
    expect(c.routes).toEqual([null]);
    await expect(withProfileRequest({ name: 'b', store: dir, masterPasswordEnv: undefined }, flags, io(), async () => 0)).rejects.toMatchObject({ code: 'NOT_SUPPORTED' });
  });
});
