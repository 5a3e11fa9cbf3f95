import { execFile } from 'node:child_process';
import path from 'node:path';
import type { RigInfo } from './rig-info.ts';

/** kinit as the rig's user (or `user`, e.g. the second one) into `<dir>/<name>`; returns the KRB5CCNAME value. */
export function kinit(
  rig: RigInfo,
  name = 'ccache-test',
  user: { readonly principal: string; readonly password: string } = rig.krb5,
): Promise<string> {
  const ccache = `FILE:${path.join(rig.dir, name)}`;
  return new Promise((resolve, reject) => {
    const child = execFile(
      'kinit',
      [user.principal],
      { env: { ...process.env, KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: ccache } },
      (error, _stdout, stderr) => (error ? reject(new Error(`kinit failed: ${stderr}`)) : resolve(ccache)),
    );
    child.stdin?.end(`${user.password}\n`);
  });
}
