import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { KerberosIdentities } from '../../../electron/connections/kerberos-identities.ts';
import { openShell } from '../../../electron/connections/open-session.ts';
import { kinit } from '../../rig/kerberos-ticket.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';
import { rigKerberosRequest } from '../../support/rig-request.ts';
import { shellLine } from '../../support/shell-line.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);
let identities: KerberosIdentities;
const savedEnv = { ...process.env };

const kerberosRequest = (principal: string, password: string) => rigKerberosRequest(rig, principal, password);

/** Records every write to process.env while `action` runs (the core must make none). */
async function envWritesDuring<T>(action: () => Promise<T>): Promise<{ result: T; writes: string[] }> {
  const writes: string[] = [];
  const real = process.env;
  process.env = new Proxy(real, {
    set(target, key, value) {
      writes.push(String(key));
      return Reflect.set(target, key, value);
    },
    deleteProperty(target, key) {
      writes.push(`delete ${String(key)}`);
      return Reflect.deleteProperty(target, key);
    },
  });
  try {
    return { result: await action(), writes };
  } finally {
    process.env = real;
  }
}

beforeAll(() => {
  // The machine's Kerberos configuration (the rig's realm). The process's default cache points at
  // nothing: every context must find its ticket through the collection it names, not KRB5CCNAME.
  process.env['KRB5_CONFIG'] = rig.krb5.krb5Conf;
  process.env['KRB5CCNAME'] = `FILE:${rig.dir}/no-such-ccache`;
  identities = new KerberosIdentities({ env: { ...process.env } });
});

afterAll(() => {
  identities.dispose();
  process.env = savedEnv;
});

describe('several Kerberos identities in one process', () => {
  it('opens sessions as two principals at once, each on its own connections, without writing process.env', async () => {
    const before = await control.counters();
    const deps = { kerberos: () => identities };
    const { result: [alice, bob], writes } = await envWritesDuring(() =>
      Promise.all([openShell(kerberosRequest(rig.krb5.principal, rig.krb5.password), deps), openShell(kerberosRequest(rig.krb5.secondPrincipal, rig.krb5.secondPassword), deps)]),
    );
    try {
      expect(writes).toEqual([]);
      await expect(Promise.all([shellLine(alice, 'echo a'), shellLine(bob, 'echo b')])).resolves.toEqual(['a\n', 'b\n']);
      const { connections } = await control.counters();
      const fresh = connections.filter((c) => !before.connections.some((b) => b.id === c.id));
      const byPrincipal = (p: string) => fresh.filter((c) => c.principal === p).map((c) => c.id);
      const seen = JSON.stringify(fresh.map((c) => [c.id, c.principal]));
      expect(byPrincipal(rig.krb5.principal).length, seen).toBeGreaterThan(0);
      expect(byPrincipal(rig.krb5.secondPrincipal).length, seen).toBeGreaterThan(0);
      expect(readFileSync(rig.winrm.log, 'utf8')).toContain(rig.krb5.secondPrincipal);
      expect(alice.facts()).toMatchObject({ mechanism: 'kerberos', protection: 'tls', route: 'direct' });
    } finally {
      await Promise.all([alice.dispose(), bob.dispose()]);
    }
  });

  it('uses the logged-on user’s own ticket cache for a host without a stored password', async () => {
    const ccache = await kinit(rig, 'ccache-logged-on', { principal: rig.krb5.secondPrincipal, password: rig.krb5.secondPassword });
    const user = new KerberosIdentities({ env: { ...process.env, KRB5CCNAME: ccache } });
    try {
      await expect(user.loggedOnIdentity()).resolves.toEqual({ principal: rig.krb5.secondPrincipal, ccache });
    } finally {
      user.dispose();
    }
    // No ticket at all: a clear refusal that says what to do, not a GSSAPI dump.
    await expect(identities.loggedOnIdentity()).rejects.toMatchObject({ code: 'AUTH_FAILED', message: expect.stringMatching(/no Kerberos ticket/) });
  });

  it('refuses a wrong password for one identity while the other keeps working', async () => {
    await expect(openShell(kerberosRequest(rig.krb5.secondPrincipal, 'not-the-password'), { kerberos: () => identities })).rejects.toMatchObject({ code: 'AUTH_FAILED' });
    const alice = await openShell(kerberosRequest(rig.krb5.principal, rig.krb5.password), { kerberos: () => identities });
    try {
      await expect(shellLine(alice, 'echo still')).resolves.toBe('still\n');
    } finally {
      await alice.dispose();
    }
  });
});
