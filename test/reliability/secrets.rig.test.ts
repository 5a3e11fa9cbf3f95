import { chmodSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { beforeAll, describe, expect, inject, it } from 'vitest';
import { runCliProcess, type CliResult } from '../support/cli-process.ts';
import { containsSecret, filesUnder } from '../support/secret-scan.ts';

// One sweep for every secret the rig hands out: the command line is run the ways an admin runs it —
// successes and every kind of failure — and then its output, the store, the servers' logs and what
// each child process (kinit, klist) saw on its command line and in its environment are searched
// for each secret in UTF-8, UTF-16LE and base64.
const rig = inject('rig');
const MASTER = 'Secrets-Sweep-Master-Pw-7';
const SECRETS = {
  MASTER,
  NTLM_PW: rig.winrm.ntlmPassword,
  BASIC_PW: rig.winrm.basicPassword,
  PROXY_PW: rig.squid.basicPassword,
  KRB_PW: rig.krb5.password,
};
const store = mkdtempSync(path.join(os.tmpdir(), 'secrets-sweep-store-'));
const spyDir = mkdtempSync(path.join(os.tmpdir(), 'secrets-sweep-spy-'));
const spyLog = path.join(spyDir, 'children.log');
const outputs: Array<[string, CliResult]> = [];

// kinit and klist wrapped: each call's argv and environment are logged, then the real tool runs.
for (const tool of ['kinit', 'klist']) {
  const wrapper = path.join(spyDir, tool);
  writeFileSync(wrapper, `#!/bin/sh\n{ echo "argv: $0 $*"; env; } >> '${spyLog}'\nexec /usr/bin/${tool} "$@"\n`);
  chmodSync(wrapper, 0o755);
}
const env = { ...SECRETS, KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: `FILE:${rig.dir}/secrets-no-ccache`, PATH: `${spyDir}:${process.env['PATH'] ?? ''}` };

async function cli(label: string, ...args: string[]): Promise<CliResult> {
  const result = await runCliProcess(args, { env });
  outputs.push([label, result]);
  return result;
}

beforeAll(async () => {
  const ok = async (label: string, ...args: string[]) => {
    const result = await cli(label, ...args);
    if (result.code !== 0) throw new Error(`${label}: ${result.stderr}`);
  };
  await ok('vault init', 'vault', 'init', '--store', store, '--master-password-env', 'MASTER');
  await ok('vault add ntlm', 'vault', 'add', '--store', store, '--label', 'ntlm', '--user', rig.winrm.ntlmUser, '--domain', rig.winrm.ntlmDomain, '--kind', 'host', '--secret-env', 'NTLM_PW', '--master-password-env', 'MASTER');
  await ok('vault add proxy', 'vault', 'add', '--store', store, '--label', 'squid', '--user', rig.squid.basicUser, '--kind', 'proxy', '--secret-env', 'PROXY_PW', '--master-password-env', 'MASTER');
  await ok('vault add kerberos', 'vault', 'add', '--store', store, '--label', 'alice', '--user', rig.krb5.principal, '--kind', 'host', '--secret-env', 'KRB_PW', '--master-password-env', 'MASTER');
  await ok('add proxy', 'profiles', 'add-proxy', '--store', store, '--name', 'squid-auth', '--url', `http://127.0.0.1:${rig.squid.authPort}`, '--auth', 'basic', '--credential', 'squid');
  await ok('add host', 'profiles', 'add', '--store', store, '--name', 'https-ntlm', '--address', '127.0.0.1', '--port', String(rig.winrm.httpsPort), '--transport', 'https', '--auth', 'ntlm', '--credential', 'ntlm', '--proxy', 'squid-auth', '--ca', rig.ca.certPath);
  await ok('add krb host', 'profiles', 'add', '--store', store, '--name', 'krb', '--address', '127.0.0.1', '--port', String(rig.winrm.httpsPort), '--transport', 'https', '--auth', 'kerberos', '--credential', 'alice', '--spn-host', rig.winrm.spnHost, '--ca', rig.ca.certPath);
});


describe('no secret anywhere', () => {
  it('runs the command line through successes and failures', async () => {
    const https = `https://127.0.0.1:${rig.winrm.httpsPort}/wsman`;
    const results = [
      await cli('profile exec', 'exec', '--profile', 'https-ntlm', '--store', store, '--master-password-env', 'MASTER', '--', 'echo via proxy'),
      await cli('kerberos profile exec', 'exec', '--profile', 'krb', '--store', store, '--master-password-env', 'MASTER', '--', 'echo kerberos'),
      await cli('kerberos password exec', 'exec', '--url', https, '--auth', 'kerberos', '--user', rig.krb5.principal, '--password-env', 'KRB_PW', '--spn-host', rig.winrm.spnHost, '--ca', rig.ca.certPath, '--json', '--', 'echo json'),
      await cli('wrong master password', 'exec', '--profile', 'https-ntlm', '--store', store, '--master-password-env', 'NTLM_PW', '--', 'echo no'),
      await cli('wrong NTLM password', 'exec', '--url', https, '--auth', 'ntlm', '--user', `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`, '--password-env', 'BASIC_PW', '--ca', rig.ca.certPath, '--', 'echo no'),
      await cli('wrong proxy password', 'exec', '--url', https, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'BASIC_PW', '--ca', rig.ca.certPath, '--proxy', `127.0.0.1:${rig.squid.authPort}`, '--proxy-auth', 'basic', '--proxy-user', rig.squid.basicUser, '--proxy-password-env', 'NTLM_PW', '--', 'echo no'),
      await cli('wrong Kerberos password', 'exec', '--url', https, '--auth', 'kerberos', '--user', rig.krb5.principal, '--password-env', 'NTLM_PW', '--spn-host', rig.winrm.spnHost, '--ca', rig.ca.certPath, '--', 'echo no'),
      await cli('untrusted certificate', 'exec', '--url', https, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'BASIC_PW', '--', 'echo no'),
      await cli('proxy URL with a password', 'exec', '--url', https, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'BASIC_PW', '--proxy', `http://admin:${SECRETS.PROXY_PW}@bad host:3128`, '--', 'echo no'),
      await cli('secret on the command line', 'vault', 'add', '--store', store, '--label', 'x', '--user', 'x', '--kind', 'host', `--secret=${SECRETS.BASIC_PW}`),
      await cli('plan', 'plan', '--profile', 'https-ntlm', '--store', store, '--master-password-env', 'MASTER', '--json'),
      await cli('profiles show', 'profiles', 'show', 'https-ntlm', '--store', store),
      await cli('profiles export', 'profiles', 'export', '--store', store, '--format', 'json'),
      await cli('vault list', 'vault', 'list', '--store', store),
    ];
    expect(results.slice(0, 3).map((r) => r.code)).toEqual([0, 0, 0]);
    expect(results.slice(3, 10).every((r) => r.code === 255)).toBe(true);
    expect(readFileSync(spyLog, 'utf8')).toMatch(/^argv: .*kinit alice@TEST\.LOCAL$/m);
  });

  it.each(Object.keys(SECRETS) as Array<keyof typeof SECRETS>)('%s is in no output, no store file, no server log and no child’s argv or environment', (name) => {
    const secret = SECRETS[name];
    const places: Array<[string, Buffer]> = [
      ...outputs.flatMap(([label, r]): Array<[string, Buffer]> => [
        [`${label}: stdout`, r.stdout],
        [`${label}: stderr`, Buffer.from(r.stderr)],
      ]),
      ...filesUnder(store).map((file): [string, Buffer] => [file, readFileSync(file)]),
      ['kinit/klist argv and environment', readFileSync(spyLog)],
      ['WinRM server log', readFileSync(rig.winrm.log)],
      ['Squid access log', readFileSync(rig.squid.accessLog)],
      ['Squid cache log', readFileSync(rig.squid.cacheLog)],
    ];
    for (const [where, bytes] of places) expect(containsSecret(bytes, secret), `${name} found in ${where}`).toBe(false);
  });
});
