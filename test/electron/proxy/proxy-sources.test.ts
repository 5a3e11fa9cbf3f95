import { describe, expect, it } from 'vitest';
import { DeskError } from '../../../shared/errors.ts';
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

  it('refuses JSON nested far deeper than netsh prints, saying so', () => {
    expect(() => parseWinhttpShowProxy(`{"Proxy":${'['.repeat(100_000)}`)).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/nest deeper than 8 levels/) }));
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

  it.each([
    ['a wildcard in the middle', 'dc*.corp', 'dc01.corp', true],
    ['several wildcards', '*web*.corp*', 'a-web-1.corp.example', true],
    ['a wildcard that needs its pieces in order', '*b*a*', 'ab', false],
    ['a repeated piece', '*ab*ab*', 'xabyab', true],
    ['a piece that overlaps itself', '*aab*', 'aaab', true],
    ['pieces that must not overlap the ends', 'a*a', 'a', false],
    ['a wildcard with a port', '*.corp:5986', 'x.corp', true],
  ])('wildcard: %s', (_label, list, host, expected) => {
    expect(parseBypassList(list, 'winhttp').matches(host, 5986)).toBe(expected);
  });

  // Issue 11, item 7: the glob became a regular expression, and `*a`×8 against 48 characters took 8 s
  // (×12 against 60, over a minute).
  it('matches wildcards in linear time, however many stars', () => {
    for (const [stars, length] of [
      [8, 48],
      [12, 60],
      [2_000, 4_000],
    ]) {
      const list = parseBypassList(`${'*a'.repeat(stars!)}*b`, 'winhttp');
      const started = performance.now();
      expect(list.matches('a'.repeat(length!), 5986)).toBe(false);
      expect(performance.now() - started).toBeLessThan(250);
    }
  });

  // Issue 11, item 8: BlockList's RangeError escaped and ended the command line as INTERNAL.
  it.each([
    ['10.0.0.0/99', 'winhttp', /"10\.0\.0\.0\/99".*IPv4 prefix length is 0–32/],
    ['10.0.0.0/40', 'no_proxy', /"10\.0\.0\.0\/40"/],
    ['fd00::/129', 'winhttp', /"fd00::\/129".*IPv6 prefix length is 0–128/],
    ['ok.example;192.168.0.0/1000', 'winhttp', /"192\.168\.0\.0\/1000"/],
  ] as const)('refuses the impossible CIDR block %s as INVALID_ARGUMENT, naming it', (list, style, message) => {
    const error = caught(() => parseBypassList(list, style));
    expect(error).toBeInstanceOf(DeskError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(message) });
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

  it('names the variable a refusal comes from', () => {
    expect(() => environmentProxy({ no_proxy: '10.0.0.0/40' }, 'https')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^The environment variable no_proxy: .*"10\.0\.0\.0\/40"/) }));
    expect(() => environmentProxy({ HTTPS_PROXY: 'http://%zz:pw@h:1' }, 'https')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringMatching(/^The environment variable HTTPS_PROXY: /) }));
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

  // Issue 11, item 9: without a scheme, or with a `/` or `@` in the password, the redaction missed.
  it.each([
    'admin:Pr0xyS3cret@bad host:3128',
    'http://admin:Pr0xy/S3cret@bad host:3128',
    'http://admin:Pr0xy@S3cret@bad host:3128',
    'socks5://admin:Pr0xyS3cret@proxy:1080',
    'http://admin:Pr0xyS3cret@proxy:3128/path',
    `http://admin:${'Pr0xyS3cret'.repeat(10)}@bad host:3128`,
    'http://admin:Pr0xyS3cret%zz@proxy:3128',
  ])('names %j in its refusal without the password', (text) => {
    const error = caught(() => parseProxyUrl(text));
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT' });
    expect(error.message).not.toMatch(/Pr0xy|S3cret/);
    expect(error.message).toMatch(/…@/);
  });

  // Issue 11, item 8: decodeURIComponent's URIError escaped and ended the command line as INTERNAL.
  it('refuses a stray % in the credentials as INVALID_ARGUMENT', () => {
    const error = caught(() => parseProxyUrl('http://%zz:pw@h:1'));
    expect(error).toBeInstanceOf(DeskError);
    expect(error).toMatchObject({ code: 'INVALID_ARGUMENT', message: '"http://…@h:1" is not a proxy address; its user name or password has a "%" that starts no %XX escape.' });
  });

  it('refuses port 0', () => {
    expect(() => parseProxyUrl('proxy:0')).toThrow(expect.objectContaining({ code: 'INVALID_ARGUMENT', message: expect.stringContaining('1–65535') }));
  });

  it('shows skipped PAC and WinHTTP entries without their credentials', () => {
    expect(parsePacAnswer('PROXY admin:S3cret@p:8080; SOCKS5 admin:S3cret@s:1080; PROXY S3cret@p:8080; DIRECT')).toEqual({
      entries: [{ kind: 'direct' }],
      skipped: ['PROXY …@p:8080', 'SOCKS5 …@s:1080', 'PROXY …@p:8080'],
    });
    const settings = parseWinhttpShowProxy(crlf(['    Proxy Server(s) :  http=p:80;socks=admin:S3cret@s:1080', '    Bypass List     :  (none)']));
    expect(settings.kind === 'proxy' && settings.ignored).toEqual(['socks proxy …@s:1080 (only HTTP proxies are supported)']);
  });
});

function caught(action: () => unknown): DeskError {
  try {
    action();
  } catch (error) {
    return error as DeskError;
  }
  throw new Error('expected a refusal');
}
