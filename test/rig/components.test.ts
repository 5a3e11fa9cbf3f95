import { execFile } from 'node:child_process';
import { readFileSync } from 'node:fs';
import tls from 'node:tls';
import { promisify } from 'node:util';
import { describe, expect, inject, it } from 'vitest';
import { curlNegotiateProxyStatus, headerLines, probe } from './http-probe.ts';
import { kinit } from './kerberos-ticket.ts';
import { accessLogContains } from './squid-log.ts';

const rig = inject('rig');
// Proxied requests need an origin on loopback: the WinRM server's control API answers GET /counters.
const origin = `http://127.0.0.1:${rig.winrm.controlPort}/counters`;
const basic = (user: string, password: string) => `Basic ${Buffer.from(`${user}:${password}`).toString('base64')}`;

describe('KDC', () => {
  it('issues a TGT to the rig user and a service ticket for the WinRM SPN', async () => {
    const ccache = await kinit(rig, 'ccache-components');
    const env = { ...process.env, KRB5_CONFIG: rig.krb5.krb5Conf, KRB5CCNAME: ccache };
    await promisify(execFile)('kvno', [`HTTP/${rig.winrm.spnHost}@${rig.krb5.realm}`], { env });
    const { stdout } = await promisify(execFile)('klist', [], { env });
    expect(stdout).toContain(`Default principal: ${rig.krb5.principal}`);
    expect(stdout).toContain(`krbtgt/${rig.krb5.realm}@${rig.krb5.realm}`);
    expect(stdout).toContain(`HTTP/${rig.winrm.spnHost}@${rig.krb5.realm}`);
  });
});

describe('Squid', () => {
  it('forwards on the open listener', async () => {
    expect((await probe(origin, { proxyPort: rig.squid.openPort })).status).toBe(200);
  });

  it('answers 407 offering Negotiate and Basic on the authenticated listener', async () => {
    const response = await probe(origin, { proxyPort: rig.squid.authPort });
    expect(response.status).toBe(407);
    const offers = headerLines(response, 'proxy-authenticate');
    expect(offers).toContain('Negotiate');
    expect(offers.some((offer) => offer.startsWith('Basic '))).toBe(true);
  });

  it('forwards with Basic proxy credentials and refuses a wrong password', async () => {
    const good = basic(rig.squid.basicUser, rig.squid.basicPassword);
    const bad = basic(rig.squid.basicUser, 'wrong');
    expect((await probe(origin, { proxyPort: rig.squid.authPort, headers: { 'proxy-authorization': good } })).status).toBe(200);
    expect((await probe(origin, { proxyPort: rig.squid.authPort, headers: { 'proxy-authorization': bad } })).status).toBe(407);
  });

  it('forwards with Negotiate (Kerberos) proxy credentials when addressed as localhost', async () => {
    const ccache = await kinit(rig, 'ccache-proxy');
    const status = await curlNegotiateProxyStatus(origin, `http://localhost:${rig.squid.authPort}`, rig.krb5.krb5Conf, ccache);
    expect(status).toBe(200);
    expect(await accessLogContains(rig.squid.accessLog, rig.krb5.principal)).toBe(true);
  });

  it('forwards on the connection-auth=off listener', async () => {
    expect((await probe(origin, { proxyPort: rig.squid.noConnAuthPort })).status).toBe(200);
  });
});

describe('tinyproxy', () => {
  it('forwards', async () => {
    expect((await probe(origin, { proxyPort: rig.tinyproxy.port })).status).toBe(200);
  });
});

describe('test WinRM server', () => {
  it('answers an unauthenticated POST with 401 and the offers Windows sends', async () => {
    const response = await probe(`http://127.0.0.1:${rig.winrm.httpPort}/wsman`, {
      method: 'POST',
      headers: { 'content-type': 'application/soap+xml;charset=UTF-8' },
      body: '<s:Envelope/>',
    });
    expect(response.status).toBe(401);
    expect(headerLines(response, 'www-authenticate')).toEqual(['Negotiate', 'Kerberos', 'Basic realm="WSMAN"']);
    expect(response.headers.server).toBe('Microsoft-HTTPAPI/2.0');
  });

  it('serves HTTPS with a certificate for winrm.test.local, localhost and 127.0.0.1 from the rig CA', async () => {
    const ca = readFileSync(rig.ca.certPath);
    for (const servername of ['winrm.test.local', 'localhost']) {
      const socket = tls.connect({ host: '127.0.0.1', port: rig.winrm.httpsPort, ca, servername });
      await new Promise<void>((resolve, reject) => socket.once('secureConnect', resolve).once('error', reject));
      expect(socket.authorized).toBe(true);
      expect(socket.alpnProtocol).toBe(false);
      socket.destroy();
    }
  });
});
