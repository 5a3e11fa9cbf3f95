import { describe, expect, it } from 'vitest';
import { proxyCandidates, type ProxySelection } from '../../../electron/proxy/proxy-candidates.ts';

const https = new URL('https://dc01.corp.example:5986/wsman');
const http = new URL('http://web01:5985/wsman');
const winhttp = ['Current WinHTTP proxy settings:', '', '    Proxy Server(s) :  http=web-proxy:8080;https=tls-proxy:3128', '    Bypass List     :  <local>;*.lab.example'].join('\r\n');

const select = (access: ProxySelection['access'], extra: Partial<ProxySelection> = {}): ProxySelection => ({ access, bypass: [], ...extra });

describe('proxy candidates by access type', () => {
  it('none: direct, whatever the environment says', async () => {
    await expect(proxyCandidates(select('none'), https, { env: { HTTPS_PROXY: 'http://p:1' } })).resolves.toEqual({ candidates: [null], notes: [] });
  });

  it('manual: the profile’s proxy, unless its bypass list names the host', async () => {
    await expect(proxyCandidates(select('manual', { manualUrl: 'proxy.corp:3128' }), https, { env: {} })).resolves.toMatchObject({ candidates: [{ host: 'proxy.corp', port: 3128 }] });
    await expect(proxyCandidates(select('manual', { manualUrl: 'proxy.corp:3128', bypass: ['*.corp.example'] }), https, { env: {} })).resolves.toMatchObject({ candidates: [null] });
  });

  it('environment: only when chosen, with NO_PROXY', async () => {
    const env = { https_proxy: 'http://envproxy:8080', no_proxy: 'web01' };
    await expect(proxyCandidates(select('environment'), https, { env })).resolves.toMatchObject({ candidates: [{ host: 'envproxy', port: 8080 }] });
    await expect(proxyCandidates(select('environment'), new URL('https://web01:5986/wsman'), { env })).resolves.toMatchObject({ candidates: [null] });
  });

  it('winhttp: the per-scheme proxy and the WinHTTP bypass list', async () => {
    const sources = { env: {}, winhttpText: async () => winhttp };
    await expect(proxyCandidates(select('winhttp'), https, sources)).resolves.toMatchObject({ candidates: [{ host: 'tls-proxy', port: 3128 }] });
    await expect(proxyCandidates(select('winhttp'), new URL('http://web01.corp:5985/wsman'), sources)).resolves.toMatchObject({ candidates: [{ host: 'web-proxy', port: 8080 }] });
    // <local>: a dotless name goes direct.
    await expect(proxyCandidates(select('winhttp'), http, sources)).resolves.toMatchObject({ candidates: [null] });
  });

  it('system: PAC entries in order, unusable ones skipped with a note', async () => {
    const asked: string[] = [];
    const sources = { env: {}, resolveSystem: async (url: string) => (asked.push(url), 'SOCKS s:1080; PROXY a:8080; PROXY b:8080; DIRECT') };
    const result = await proxyCandidates(select('system'), https, sources);
    expect(asked).toEqual(['https://dc01.corp.example:5986/wsman']);
    expect(result.candidates).toEqual([{ host: 'a', port: 8080 }, { host: 'b', port: 8080 }, null]);
    expect(result.notes).toHaveLength(1);
  });

  it('system: an answer with nothing usable gives no candidate rather than a silent direct connection', async () => {
    const result = await proxyCandidates(select('system'), https, { env: {}, resolveSystem: async () => 'SOCKS5 s:1080' });
    expect(result.candidates).toEqual([]);
  });
});
