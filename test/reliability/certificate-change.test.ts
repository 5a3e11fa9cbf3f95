import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openShell } from '../../electron/connections/open-session.ts';
import type { ConnectionRequest, TlsSetting } from '../../electron/connections/request.ts';
import { noKerberos } from '../support/rig-request.ts';
import { makeTlsFixture, type TlsFixture } from '../support/tls-fixture.ts';
import { HostileWinrmServer } from './hostile-winrm-server.ts';
import { TlsFront } from './support/tls-front.ts';

// Issue 11, faults: the certificate changes between connections. A host pinned to its certificate's
// SHA-256 thumbprint opens a shell; the server then restarts on the same port with another
// certificate (a re-issued one, or someone in the middle). The next connection — undici opens it by
// itself once the old socket has closed — must fail with TLS_PIN_MISMATCH before any byte of a
// request, let alone a SOAP body, is sent on it.
//
// The rig's HTTPS certificate is fixed, so the server here is the hostile fake WinRM server (plain
// HTTP) behind a TLS front that restarts with a second certificate.

let winrm: HostileWinrmServer;
let first: TlsFixture;
let second: TlsFixture;

beforeAll(async () => {
  winrm = await HostileWinrmServer.start();
  first = makeTlsFixture(['127.0.0.1']);
  second = makeTlsFixture(['127.0.0.1']);
});

afterAll(async () => {
  await winrm.close();
});

function request(port: number, tls: TlsSetting): ConnectionRequest {
  return {
    endpoint: new URL(`https://127.0.0.1:${port}/wsman`),
    auth: 'basic',
    identity: { kind: 'password', userName: 'admin', password: async () => 'pinned-Passw0rd' },
    ntlmFallback: false,
    encryption: 'auto',
    tls,
    operationTimeoutSec: 5,
    shell: {},
    routes: [null],
  };
}

async function until(condition: () => boolean, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('condition not met in time');
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

describe('the server certificate changes between connections', () => {
  // TLS 1.2 too: there the server finishes its handshake before the client judges the certificate,
  // so it would have decrypted anything the client sent after it.
  it.each(['TLSv1.3', 'TLSv1.2'] as const)('%s: the pinned session refuses the new certificate with TLS_PIN_MISMATCH, and sends nothing on that connection', async (maxVersion) => {
    expect(first.thumbprint).not.toBe(second.thumbprint);
    let front = await TlsFront.start(Number(new URL(winrm.url).port), first, { maxVersion });
    const port = front.port;
    // Pasted as an admin copies it from the certificate dialog: lower case with colons.
    const pasted = first.thumbprint.toLowerCase().match(/../g)!.join(':');
    const opened = await openShell(request(port, { mode: 'pin', sha256: pasted }), { kerberos: noKerberos });
    try {
      const hello = await opened.shell.run('/bin/sh', ['-c', "'echo hi'"]);
      await expect(hello.exitCode).resolves.toBe(0);
      expect(opened.facts().certificateSha256?.replace(/:/g, '')).toBe(first.thumbprint);

      // The service restarts with another certificate on the same port; the old connection closes.
      await front.close();
      await until(() => opened.session.openLanes === 0);
      front = await TlsFront.start(Number(new URL(winrm.url).port), second, { port, maxVersion });
      const requestsBefore = (['Create', 'Command', 'Send', 'Receive', 'Signal', 'Delete'] as const).map((action) => winrm.count(action));

      const next = opened.shell.run('/bin/sh', ['-c', "'echo again'"]);
      await expect(next).rejects.toMatchObject({ code: 'TLS_PIN_MISMATCH', message: 'The certificate of 127.0.0.1:' + port + ' does not match the pinned thumbprint.' });
      // A new connection was made and its certificate judged, and not one byte of application data
      // followed: no request line, no header, no SOAP body. (Under TLS 1.3 the client drops the
      // connection before sending its Finished, so the server never even completes the handshake.)
      expect(front.connections).toBe(1);
      if (maxVersion === 'TLSv1.2') await until(() => front.handshakes === 1);
      // Whatever arrives late would be counted: give it a moment.
      await new Promise((resolve) => setTimeout(resolve, 200));
      expect(front.bytesFromClients).toBe(0);
      expect((['Create', 'Command', 'Send', 'Receive', 'Signal', 'Delete'] as const).map((action) => winrm.count(action))).toEqual(requestsBefore);

      // Deleting the shell meets the same certificate: reported, not sent.
      const disposed = await opened.dispose();
      expect(disposed).toMatchObject({ shellDeleted: false, error: { code: 'TLS_PIN_MISMATCH' } });
      expect(front.bytesFromClients).toBe(0);
      expect(winrm.count('Delete')).toBe(requestsBefore[5]);

      // Pinned to the new thumbprint (the admin re-checked and accepted it), the host works again.
      const repinned = await openShell(request(port, { mode: 'pin', sha256: second.thumbprint }), { kerberos: noKerberos });
      await repinned.dispose();
      expect(front.bytesFromClients).toBeGreaterThan(0);
    } finally {
      await opened.dispose();
      await front.close();
    }
  });
});
