import { describe, expect, inject, it } from 'vitest';
import { runCliProcess } from '../support/cli-process.ts';

// Issue 11, item 5, against real commands on the test WinRM server (its /bin/sh cannot exit above
// 255; exit-status.test.ts has a server that reports 256 and 0xC000013A).

const rig = inject('rig');
const env = { WINRM_PASSWORD: rig.winrm.basicPassword };
const https = ['--url', `https://${rig.winrm.host}:${rig.winrm.httpsPort}/wsman`, '--auth', 'basic', '--user', rig.winrm.basicUser, '--password-env', 'WINRM_PASSWORD', '--ca', rig.ca.certPath];

describe('exit status of `exec` for real remote exit codes', () => {
  it.each([
    [0, 0, ''],
    [3, 3, ''],
    // 255 would read as a local failure: it is folded into 254, and the real code is said.
    [255, 254, 'winrm-desk: note: the remote command exited with 255; exit status 254 stands for any remote code outside 0–253.\n'],
  ])("sh -c 'exit %i' exits %i", async (remote, status, stderr) => {
    const result = await runCliProcess(['exec', ...https, '--', `exit ${remote}`], { env });
    expect(result).toMatchObject({ code: status, stderr });
    const json = await runCliProcess(['exec', ...https, '--json', '--', `exit ${remote}`], { env });
    expect(JSON.parse(json.stdout.toString())).toMatchObject({ exitCode: remote, processExitCode: status });
  });

  it('a local failure exits 255', async () => {
    const result = await runCliProcess(['exec', ...https, '--', 'exit 0'], { env: { WINRM_PASSWORD: 'wrong' } });
    expect(result.code).toBe(255);
    expect(result.stderr).toMatch(/^winrm-desk: error AUTH_FAILED: /);
  });
});
