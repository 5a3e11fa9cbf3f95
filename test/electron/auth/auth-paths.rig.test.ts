import { beforeEach, describe, expect, inject, it } from 'vitest';
import { kinit } from '../../rig/kerberos-ticket.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { runCliProcess } from '../../support/cli-process.ts';
import { defineExecCases } from '../../support/exec-cases.ts';

// Every host-authentication path of the CLI, each running the same exec cases against the rig's
// independent acceptors (MIT krb5, gss-ntlmssp).
const rig = inject('rig');
const control = new WinrmControl(rig);
const ntlmUser = `${rig.winrm.ntlmDomain}\\${rig.winrm.ntlmUser}`;
const noTicket = { KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: `FILE:${rig.dir}/no-such-ccache` };
const env = { ...noTicket, NTLM_PASSWORD: rig.winrm.ntlmPassword };
const http = `http://${rig.winrm.host}:${rig.winrm.httpPort}/wsman`;
const https = `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`;

function runner(args: string[], environment: () => Promise<Record<string, string>> | Record<string, string> = () => env) {
  return async (command: string, extra: string[] = [], stdin?: string) =>
    runCliProcess(['exec', ...args, ...extra, '--', command], { env: await environment(), ...(stdin === undefined ? {} : { stdin }) });
}

beforeEach(async () => {
  await control.reset();
});

describe('NTLM with message encryption over HTTP', () => {
  defineExecCases(runner(['--url', http, '--auth', 'ntlm', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD']));

  it('sealed every SOAP request', async () => {
    await runner(['--url', http, '--auth', 'ntlm', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD'])('echo sealed');
    const counters = await control.counters();
    expect(counters.plaintextRequests).toBe(0);
    expect(counters.encryptedRequests).toBeGreaterThan(0);
  });
});

describe('NTLM message integrity', () => {
  const args = ['--url', http, '--auth', 'ntlm', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD'];

  it('refuses a plain-text reply where an encrypted one was due, and ends the session', async () => {
    await control.setFaults({ plaintextNextResponse: true });
    const result = await runner(args)('echo never');
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error INTEGRITY_FAILED: .*in plain text/);
  });

  it('refuses a tampered encrypted reply', async () => {
    await control.setFaults({ tamperNextEncryptedResponse: true });
    const result = await runner(args)('echo never');
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error INTEGRITY_FAILED: /);
    expect((await control.counters()).tamperedResponses).toBe(1);
  });
});

describe('NTLM over HTTPS with channel binding', () => {
  defineExecCases(runner(['--url', https, '--ca', rig.ca.certPath, '--auth', 'ntlm', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD']));
});

describe('Negotiate choosing Kerberos when a ticket exists', () => {
  const withTicket = async () => ({ KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: await kinit(rig, 'ccache-auth-paths') });
  const args = ['--url', https, '--ca', rig.ca.certPath, '--auth', 'negotiate', '--spn-host', rig.winrm.spnHost, '--ntlm-fallback', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD'];
  defineExecCases(runner(args.filter((a) => a !== '--password-env' && a !== 'NTLM_PASSWORD'), withTicket));

  it('used Kerberos, not NTLM, although NTLM was allowed', async () => {
    const result = await runner(args.filter((a) => a !== '--password-env' && a !== 'NTLM_PASSWORD'), withTicket)('echo which');
    expect(result.code).toBe(0);
    const counters = await control.counters();
    expect(counters.handshakes.kerberos).toBeGreaterThanOrEqual(1);
    expect(counters.handshakes.ntlm).toBe(0);
  });
});

describe('Negotiate falling back to NTLM where no ticket can be had (and the profile allows it)', () => {
  const args = ['--url', https, '--ca', rig.ca.certPath, '--auth', 'negotiate', '--ntlm-fallback', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD'];
  defineExecCases(runner(args));

  it('used NTLM under the Negotiate scheme', async () => {
    expect((await runner(args)('echo which')).code).toBe(0);
    const counters = await control.counters();
    expect(counters.handshakes.ntlm).toBeGreaterThanOrEqual(1);
    expect(counters.handshakes.kerberos).toBe(0);
    expect(counters.handshakesByScheme.Negotiate).toBe(counters.handshakes.ntlm);
  });

  it('refuses to fall back when the profile does not allow it', async () => {
    const result = await runner(args.filter((a) => a !== '--ntlm-fallback'))('echo x');
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error AUTH_FAILED: Kerberos/);
    expect((await control.counters()).handshakes.ntlm).toBe(0);
  });

  it('plans Negotiate over HTTP with message encryption (Kerberos seals; NTLM stays the fallback)', async () => {
    const result = await runCliProcess(['plan', '--json', '--url', http, '--auth', 'negotiate', '--ntlm-fallback'], { env });
    expect(JSON.parse(result.stdout.toString())).toMatchObject({ ok: true, auth: 'negotiate', protection: 'message-encryption' });
  });

  it('falls back to NTLM, sealed, over HTTP where no ticket can be had', async () => {
    const result = await runner(['--url', http, '--auth', 'negotiate', '--ntlm-fallback', '--user', ntlmUser, '--password-env', 'NTLM_PASSWORD'])('echo fallback');
    expect(result).toMatchObject({ code: 0, stderr: '' });
    expect(result.stdout.toString()).toBe('fallback\n');
    const counters = await control.counters();
    expect([counters.handshakes.kerberos, counters.plaintextRequests]).toEqual([0, 0]);
    expect(counters.handshakes.ntlm).toBeGreaterThanOrEqual(1);
    expect(counters.encryptedRequests).toBeGreaterThanOrEqual(5);
  });
});
