import { execFile } from 'node:child_process';
import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { Unavailable } from '../clients.ts';
import { cellOf, MB, type BenchContext } from '../context.ts';
import { interleave } from '../measure.ts';
import type { Row } from '../table.ts';
import { OUTPUT_20 } from './output.ts';

/** alice's ticket in a cache of this case's own, for pywinrm (requests_kerberos takes the cache, not a password). */
async function kinit(ctx: BenchContext, ccache: string): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    const child = execFile('kinit', [ctx.rig.krb5.principal], { env: { PATH: process.env['PATH'] ?? '', KRB5_CONFIG: ctx.rig.krb5.krb5Conf, KRB5CCNAME: `FILE:${ccache}` } }, (error) => (error ? reject(error) : resolve()));
    child.stdin!.end(`${ctx.rig.krb5.password}\n`);
  });
}

/**
 * Case 2 for Kerberos with message encryption over HTTP, beside NTLM's. Our CLI may refuse it (a
 * platform that cannot seal Kerberos messages): that is shown as "unavailable" with its reason.
 * pywinrm 0.3 seals Kerberos only when its `kerberos` module has authGSSWinRMEncryptMessage, which
 * Debian's python3-kerberos 1.1.14 lacks; it then says so itself before sending anything.
 */
export async function kerberosOutputCase(ctx: BenchContext): Promise<Row[]> {
  const { clients, rig } = ctx;
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-bench-krb-'));
  try {
    const ccache = path.join(dir, 'ccache');
    await kinit(ctx, ccache);
    const krb5 = { KRB5_CONFIG: rig.krb5.krb5Conf };
    const spec = {
      endpoint: clients.url('http'),
      transport: 'kerberos',
      username: rig.krb5.principal,
      messageEncryption: 'always',
      kerberosHostnameOverride: rig.winrm.spnHost,
      krb5Config: rig.krb5.krb5Conf,
      ccache: `FILE:${ccache}`,
    };
    const { ours, pywinrm } = await interleave(ctx.counts.large, {
      ours: () => clients.ours(OUTPUT_20, clients.oursKerberosHttp(), krb5),
      pywinrm: () => clients.pywinrm(OUTPUT_20, spec),
    }, (error) => error instanceof Unavailable || (error instanceof Error && /message encryption .* does not support it/.test(error.message)));
    const mb = OUTPUT_20.bytes / MB;
    return [
      { case: '2k', figure: '20 MB output, Kerberos sealed over HTTP, whole process', unit: 'MB/s', better: 'higher', ours: cellOf(ours, (r) => mb / (r.wallMs / 1000)), pywinrm: cellOf(pywinrm, (r) => mb / (r.wallMs / 1000)) },
      { case: '2k', figure: '20 MB output, Kerberos sealed over HTTP, client CPU per MB', unit: 's/MB', better: 'lower', ours: cellOf(ours, (r) => r.cpuSec / mb), pywinrm: cellOf(pywinrm, (r) => r.cpuSec / mb) },
    ];
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
