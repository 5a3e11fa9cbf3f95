import { describe, expect, it } from 'vitest';
import { ConnectionTests } from '../../../electron/sessions/connection-tests.ts';
import type { ConnectionRequest } from '../../../electron/connections/request.ts';
import { DeskError } from '../../../shared/errors.ts';
import { LADDER_STEPS, type ConnectionTest } from '../../../shared/domain/connection-test.ts';

const noKerberos = () => {
  throw new Error('no Kerberos here');
};

// HTTP through an authenticating proxy: the plan refuses it, so these tests never touch the network.
const refused: ConnectionRequest = {
  endpoint: new URL('http://192.0.2.10:5985/wsman'),
  auth: 'ntlm',
  identity: { kind: 'password', userName: 'LAB\\admin', password: () => Promise.reject(new Error('the password must not be asked for')) },
  ntlmFallback: false,
  encryption: 'auto',
  tls: { mode: 'system' },
  operationTimeoutSec: 20,
  shell: {},
  routes: [{ host: '192.0.2.1', port: 3128, auth: 'basic', tunnelHttp: false }],
};

async function done(tests: ConnectionTests, testId: string): Promise<ConnectionTest> {
  let test = await tests.watch(testId, 0);
  while (!test.done) test = await tests.watch(testId, test.steps.length);
  return test;
}

describe('ConnectionTests', () => {
  it('a refused plan ends at step 0 with its code and fix; every other step is skipped', async () => {
    const tests = new ConnectionTests({ requestFor: async () => ({ request: refused, hostName: 'web01' }), kerberos: noKerberos });
    const [testId] = tests.start(['h_web01abc']).testIds;
    const test = await done(tests, testId!);
    expect(test).toMatchObject({ hostId: 'h_web01abc', hostName: 'web01', done: true, ok: false, auth: null });
    expect(test.steps.map((s) => s.step)).toEqual([...LADDER_STEPS]);
    expect(test.steps[0]).toMatchObject({ status: 'failed', code: 'POLICY_PROXY_AUTH_REQUIRES_HTTPS', fix: expect.stringMatching(/HTTPS/) });
    expect(test.steps.slice(1).every((s) => s.status === 'skipped')).toBe(true);
    await tests.dispose();
  });

  it('a host that cannot be turned into a request fails at step 0 with that error’s code', async () => {
    const tests = new ConnectionTests({
      requestFor: () => Promise.reject(new DeskError('VAULT_LOCKED', 'The credential vault is locked.')),
      kerberos: noKerberos,
    });
    const [testId] = tests.start(['h_locked01']).testIds;
    expect((await done(tests, testId!)).steps[0]).toMatchObject({ step: 'plan', status: 'failed', code: 'VAULT_LOCKED', fix: expect.stringMatching(/Unlock/) });
    await tests.dispose();
  });

  it('an unknown test is NOT_FOUND', async () => {
    const tests = new ConnectionTests({ requestFor: async () => ({ request: refused, hostName: 'x' }), kerberos: noKerberos });
    await expect(tests.watch('ct_nosuchtest', 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    await tests.dispose();
  });

  it('keeps no more finished tests than its bound: the oldest are forgotten', async () => {
    const tests = new ConnectionTests({ requestFor: async () => ({ request: refused, hostName: 'x' }), kerberos: noKerberos, maxFinished: 3, concurrency: 2 });
    const { testIds } = tests.start(['h_host00001', 'h_host00002', 'h_host00003', 'h_host00004', 'h_host00005']);
    expect(new Set(testIds).size).toBe(5);
    await done(tests, testIds[4]!);
    // Tests run in order, so when the last is done the first two have been pushed out.
    for (const testId of testIds.slice(0, 2)) await expect(tests.watch(testId, 0)).rejects.toMatchObject({ code: 'NOT_FOUND' });
    for (const testId of testIds.slice(2)) expect((await tests.watch(testId, 0)).done).toBe(true);
    await tests.dispose();
  });

  it('a watch waiting for news is answered when the registry is disposed', async () => {
    let release!: () => void;
    const held = new Promise<void>((resolve) => (release = resolve));
    const tests = new ConnectionTests({ requestFor: async () => (await held, { request: refused, hostName: 'x' }), kerberos: noKerberos });
    const [testId] = tests.start(['h_slowhost1']).testIds;
    const watching = tests.watch(testId!, 0);
    const disposing = tests.dispose();
    expect((await watching).done).toBe(false);
    release();
    await disposing;
    expect(() => tests.start(['h_slowhost1'])).toThrow(expect.objectContaining({ code: 'SESSION_CLOSED' }));
  });
});
