import { describe, expect, inject, it } from 'vitest';
import { openShell } from '../../../electron/connections/open-session.ts';
import { noKerberos, rigNtlmRequest } from '../../support/rig-request.ts';
import { WinrmControl } from '../../rig/winrm-control.ts';

const rig = inject('rig');
const control = new WinrmControl(rig);

describe('a forwarding proxy that turns out to require authentication', () => {
  it('is PROXY_AUTH_REQUIRED with the HTTPS fix, naming what it offers, and nothing reaches the server', async () => {
    // The profile says "no proxy authentication", so the plan forwards; Squid's authenticating listener answers 407.
    const request = rigNtlmRequest(rig, 'http', { tls: { mode: 'system' }, routes: [{ host: '127.0.0.1', port: rig.squid.authPort, auth: 'none', tunnelHttp: false }] });
    const before = await control.counters();
    const failure = await openShell(request, { kerberos: noKerberos }).then(
      () => null,
      (error: unknown) => error,
    );
    expect(failure).toMatchObject({ code: 'PROXY_AUTH_REQUIRED', settings: expect.arrayContaining(['transport', 'proxyAuth']) });
    expect((failure as Error).message).toMatch(/offers [^)]*Basic[^)]*\).*must use HTTPS.*5986/);
    expect((failure as Error).message).not.toContain(rig.winrm.ntlmPassword);
    const after = await control.counters();
    expect(after.requests - before.requests).toBe(0);
  });
});
