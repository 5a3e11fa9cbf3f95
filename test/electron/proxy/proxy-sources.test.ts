import { describe, expect, it } from 'vitest';
import { parseBypassList } from '../../../electron/proxy/bypass.ts';
import { environmentProxy } from '../../../electron/proxy/environment-proxy.ts';
import { parsePacAnswer } from '../../../electron/proxy/pac-answer.ts';
import { parseProxyUrl } from '../../../electron/proxy/proxy-address.ts';
import { parseWinhttpShowProxy, winhttpProxyFor } from '../../../electron/proxy/winhttp-import.ts';

// Outputs as `netsh winhttp show proxy` prints them (CRLF line ends, four-space indent).
const crlf = (lines: string[]) => lines.join('\r\n');
const DIRECT = crlf(['', 'Current WinHTTP proxy settings:', '', '    Direct access (no proxy server).', '', '']);
const SINGLE = crlf(['', 'Current WinHTTP proxy settings:', '', '    Proxy Server(s) :  proxy.corp.example:8080', '    Bypass List     :  (none)', '', '']);
const PER_SCHEME = crlf([
  '',
  'Current WinHTTP proxy settings:',
  '',
  '    Proxy Server(s) :  http=web-proxy.corp.example:8080;https=tls-proxy.corp.example:3128;socks=socks.corp.example:1080',
  '    Bypass List     :  <local>;*.corp.example;10.*;192.168.1.20',
  '',
]);
const GERMAN = crlf(['', 'Aktuelle WinHTTP-Proxyeinstellungen:', '', '    Proxyserver     :  proxy.firma.example:3128', '    Umgehungsliste  :  (keine)', '']);
const ADVPROXY = '{\r\n\t"Proxy":  "proxy.corp.example:8080",\r\n\t"ProxyBypass":  "<local>",\r\n\t"AutoconfigUrl":  "",\r\n\t"AutoDetect":  false\r\n}';

describe('netsh winhttp show proxy import', () => {
  it('reads direct access', () => {
    expect(parseWinhttpShowProxy(DIRECT)).toEqual({ kind: 'direct' });
  });

  it('reads a single proxy for every scheme', () => {
    const settings = parseWinhttpShowProxy(SINGLE);
    expect(settings).toMatchObject({ kind: 'proxy', bypass: '' });
    expect(winhttpProxyFor(settings, 'https')).toEqual({ host: 'proxy.corp.example', port: 8080 });
    expect(winhttpProxyFor(settings, 'http')).toEqual({ host: 'proxy.corp.example', port: 8080 });
  });

  it('reads a per-scheme list, skipping what it cannot use, with a <local> bypass', () => {
    const settings = parseWinhttpShowProxy(PER_SCHEME);
    expect(winhttpProxyFor(settings, 'http')).toEqual({ host: 'web-proxy.corp.example', port: 8080 });
    expect(winhttpProxyFor(settings, 'https')).toEqual({ host: 'tls-proxy.corp.example', port: 3128 });
    expect(settings.kind === 'proxy' && settings.ignored).toEqual(['socks proxy socks.corp.example:1080 (only HTTP proxies are supported)']);
    const bypass = parseBypassList(settings.kind === 'proxy' ? settings.bypass : '', 'winhttp');
    expect(bypass.matches('dc01', 5986)).toBe(true);
    expect(bypass.matches('dc01.corp.example', 5986)).toBe(true);
    expect(bypass.matches('10.1.2.3', 5985)).toBe(true);
    expect(bypass.matches('192.168.1.20', 5985)).toBe(true);
    expect(bypass.matches('dc01.other.example', 5986)).toBe(false);
    expect(bypass.matches('corp.example', 5986)).toBe(false);
  });

  it('reads localized output by its layout', () => {
    const settings = parseWinhttpShowProxy(GERMAN);
    expect(winhttpProxyFor(settings, 'https')).toEqual({ host: 'proxy.firma.example', port: 3128 });
    expect(settings.kind === 'proxy' && settings.bypass).toBe('');
  });

  it('reads `netsh winhttp show advproxy` JSON', () => {
    const settings = parseWinhttpShowProxy(ADVPROXY);
    expect(winhttpProxyFor(settings, 'https')).toEqual({ host: 'proxy.corp.example', port: 8080 });
    expect(settings.kind === 'proxy' && settings.bypass).toBe('<local>');
  });

  it.each([
    ['a list with only SOCKS', crlf(['    Proxy Server(s) :  socks=s:1080', '    Bypass List     :  (none)'])],
    ['an unparsable proxy', crlf(['    Proxy Server(s) :  http://[bad', '    Bypass List     :  (none)'])],
    ['broken JSON', '{"Proxy": '],
  ])('refuses %s with INVALID_ARGUMENT', (_label, text) => {
    expect(() => parseWinhttpShowProxy(text)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT' }));
  });
});

describe('PAC answers (Electron resolveProxy)', () => {
  it('keeps the order of PROXY and DIRECT entries', () => {
    expect(parsePacAnswer('PROXY proxy1.corp:8080; PROXY [fd00::1]:3128;DIRECT')).toEqual({
      entries: [
        { kind: 'proxy', host: 'proxy1.corp', port: 8080 },
        { kind: 'proxy', host: 'fd00::1', port: 3128 },
        { kind: 'direct' },
      ],
      skipped: [],
    });
  });

  it('skips what it cannot use instead of guessing', () => {
    expect(parsePacAnswer('SOCKS5 s:1080; HTTPS secure:443; PROXY nohost; PROXY p:99999; DIRECT')).toEqual({
      entries: [{ kind: 'direct' }],
      skipped: ['SOCKS5 s:1080', 'HTTPS secure:443', 'PROXY nohost', 'PROXY p:99999'],
    });
  });

  it('reads DIRECT alone', () => {
    expect(parsePacAnswer('DIRECT').entries).toEqual([{ kind: 'direct' }]);
  });
});

describe('bypass lists', () => {
  it.each([
    ['exact', 'dc01.corp', 'dc01.corp', true],
    ['exact, case-insensitive, trailing dot', 'DC01.Corp', 'dc01.corp.', true],
    ['wildcard suffix', '*.corp', 'a.b.corp', true],
    ['wildcard suffix is not the bare domain', '*.corp', 'corp', false],
    ['leading-dot suffix', '.corp', 'x.corp', true],
    ['IPv4 wildcard', '10.*', '10.9.8.7', true],
    ['IPv4 CIDR', '172.16.0.0/12', '172.31.255.1', true],
    ['IPv4 CIDR outside', '172.16.0.0/12', '172.32.0.1', false],
    ['IPv6 CIDR', 'fd00::/8', 'fd12::5', true],
    ['IPv6 literal in brackets', 'fd00::/8', '[fd12::5]', true],
    ['<local> matches dotless names', '<local>', 'fileserver', true],
    ['<local> does not match FQDNs', '<local>', 'fileserver.corp', false],
    ['<local> does not match IPv6', '<local>', '::1', false],
    ['host with port matches that port', 'dc01.corp:5986', 'dc01.corp', true],
    ['everything', '*', 'anything.example', true],
  ])('%s', (_label, list, host, expected) => {
    expect(parseBypassList(list, 'winhttp').matches(host, 5986)).toBe(expected);
  });

  it('honours the port of an entry', () => {
    expect(parseBypassList('dc01.corp:5985', 'winhttp').matches('dc01.corp', 5986)).toBe(false);
  });

  it('NO_PROXY names cover their subdomains, WinHTTP names do not', () => {
    expect(parseBypassList('corp.example', 'no_proxy').matches('dc01.corp.example', 5986)).toBe(true);
    expect(parseBypassList('corp.example', 'winhttp').matches('dc01.corp.example', 5986)).toBe(false);
  });
});

describe('environment proxies', () => {
  it('uses https_proxy for HTTPS targets and honours NO_PROXY', () => {
    const env = { HTTPS_PROXY: 'http://proxy.corp:3128', NO_PROXY: '.internal,10.0.0.0/8' };
    expect(environmentProxy(env, 'https').proxy).toEqual({ host: 'proxy.corp', port: 3128 });
    expect(environmentProxy(env, 'https').bypass.matches('dc.internal', 5986)).toBe(true);
    expect(environmentProxy(env, 'https').bypass.matches('10.1.1.1', 5986)).toBe(true);
  });

  it('ignores upper-case HTTP_PROXY (httpoxy) but reads http_proxy', () => {
    expect(environmentProxy({ HTTP_PROXY: 'http://evil:1' }, 'http').proxy).toBeNull();
    expect(environmentProxy({ http_proxy: 'proxy:8080' }, 'http').proxy).toEqual({ host: 'proxy', port: 8080 });
  });

  it('keeps credentials from the URL apart', () => {
    expect(environmentProxy({ https_proxy: 'http://u%40corp:p%3Ass@proxy:3128' }, 'https').proxy).toEqual({
      host: 'proxy',
      port: 3128,
      credentials: { userName: 'u@corp', password: 'p:ss' },
    });
  });
});

describe('proxy addresses', () => {
  it.each([
    ['https://proxy:443', /Only HTTP proxies/],
    ['socks5://proxy:1080', /Only HTTP proxies/],
    ['http://proxy:3128/path', /without a path/],
    ['', /empty/],
  ])('refuses %j', (text, message) => {
    expect(() => parseProxyUrl(text)).toThrow(message);
  });

  it('does not echo credentials when refusing', () => {
    expect(() => parseProxyUrl('http://user:hunter2@[bad')).toThrow(expect.not.objectContaining({ message: expect.stringContaining('hunter2') }));
  });
});
