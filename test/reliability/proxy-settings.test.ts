import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { parseBypassList } from '../../electron/proxy/bypass.ts';
import { environmentProxy } from '../../electron/proxy/environment-proxy.ts';
import { parsePacAnswer } from '../../electron/proxy/pac-answer.ts';
import { formatAddress, parseProxyUrl } from '../../electron/proxy/proxy-address.ts';
import { compileWildcard } from '../../electron/proxy/wildcard-pattern.ts';
import { parseWinhttpShowProxy, winhttpProxyFor } from '../../electron/proxy/winhttp-import.ts';
import { PROXY_CODES as CODES, PROXY_LARGE_INPUTS } from './large-inputs/proxy-settings.ts';
import { BACKSTOP, ONE_MB, outcomeOf, readLargeInput, RUNS } from './outside-input.ts';

// Property tests for the proxy settings read from outside (electron/proxy): PAC answers (a system
// resolver, a PAC file, --proxy-pac), `netsh winhttp show proxy` text, proxy URLs, bypass lists and
// the environment's proxy variables. Whatever the text: a value or INVALID_ARGUMENT (issue 11, items
// 7 and 8), and a password in a proxy URL is never part of a message (item 9). How the time of a
// megabyte of it grows with its size is the bench's (case L), never a timed test.

const hostName = fc.domain();
// Names as bypass lists and NO_PROXY write them: dotless, fully qualified (a trailing dot), odd characters.
const listedName = fc.oneof(hostName, hostName.map((h) => `${h}.`), fc.string({ unit: fc.constantFrom(...'abcxyz019.-_'.split('')), minLength: 1, maxLength: 20 }).filter((h) => /^[a-z0-9_-]/.test(h) && h !== '.'));
const ipv6 = fc.ipV6();
const port = fc.integer({ min: 1, max: 65535 });

// Characters that break parsers: separators of every format read here, URL delimiters, brackets, escapes.
const NASTY = [' ', '\t', '\r', '\n', ';', ',', ':', '/', '\\', '@', '%', '%zz', '%41', '#', '?', '[', ']', '*', '=', '.', '<local>', '(none)', '"', "'", '\u0000', '\u001b', '\u00e9', '\u{1F600}', '\ud800'];
const PAC_TOKENS = ['PROXY', 'proxy', 'DIRECT', 'SOCKS5', 'SOCKS', 'HTTPS', 'HTTP', 'QUIC', 'h', 'proxy.corp', '[fd00::1]', '[::1', '8080', '0', '65535', '65536', '99999', ...NASTY];
const tokens = (list: readonly string[], maxLength = 30) => fc.array(fc.constantFrom(...list), { maxLength }).map((parts) => parts.join(''));
const anyText = (list: readonly string[]) => fc.oneof(tokens(list), fc.string({ unit: 'binary', maxLength: 80 }), fc.string({ unit: fc.constantFrom(...list), maxLength: 12 }));

type PacItem = { kind: 'direct' } | { kind: 'proxy'; host: string; port: number };
const pacItem: fc.Arbitrary<PacItem> = fc.oneof(fc.constant({ kind: 'direct' as const }), fc.record({ kind: fc.constant('proxy' as const), host: fc.oneof(hostName, ipv6), port }));

describe('PAC answers', BACKSTOP, () => {
  it(`never throw, and keep only usable entries (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(anyText(PAC_TOKENS), (answer) => {
        const { entries, skipped } = parsePacAnswer(answer);
        for (const entry of entries) {
          if (entry.kind === 'direct') continue;
          expect(entry.port).toBeGreaterThanOrEqual(1);
          expect(entry.port).toBeLessThanOrEqual(65535);
          expect(entry.host).not.toMatch(/^$|[\s@/]/);
        }
        expect(skipped.length).toBeLessThanOrEqual(16);
        for (const entry of skipped) expect(entry.length).toBeLessThanOrEqual(130);
      }),
      { numRuns: RUNS },
    );
  });

  it(`read back what a resolver writes, in order (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(pacItem, { minLength: 1, maxLength: 6 }), fc.constantFrom(';', '; ', ' ;  '), (items, separator) => {
        const answer = items.map((item) => (item.kind === 'direct' ? 'DIRECT' : `PROXY ${formatAddress(item)}`)).join(separator);
        expect(parsePacAnswer(answer)).toEqual({ entries: items, skipped: [] });
      }),
      { numRuns: RUNS },
    );
  });
});

const WINHTTP_TOKENS = ['Proxy Server(s)', 'Bypass List', ' : ', '  :  ', ':', '    ', '\r\n', '\n', 'http=', 'https=', 'socks=', 'ftp=', 'proxy.corp:8080', 'p:0', 'p:99999', '(none)', '(keine)', 'Direct access (no proxy server).', '{', '}', '"Proxy"', '"ProxyBypass"', ...NASTY];
const winhttpShown = fc.record({ servers: fc.array(fc.tuple(fc.constantFrom('', 'http=', 'https='), hostName, port), { minLength: 1, maxLength: 3 }), bypass: fc.constantFrom('(none)', '<local>', '*.corp;10.*') });

describe('WinHTTP settings text', BACKSTOP, () => {
  it(`give settings or INVALID_ARGUMENT, whatever the text (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(anyText(WINHTTP_TOKENS), tokens(WINHTTP_TOKENS).map((t) => `{"Proxy": ${JSON.stringify(t)}, "ProxyBypass": 1}`)), (text) => {
        const outcome = outcomeOf(() => parseWinhttpShowProxy(text), CODES);
        if (!outcome.ok || outcome.value.kind === 'direct') return;
        for (const scheme of ['http', 'https'] as const) {
          const proxy = winhttpProxyFor(outcome.value, scheme);
          if (proxy) expect(proxy.port).toBeGreaterThanOrEqual(1);
        }
        expect(outcome.value.ignored.join('').length).toBeLessThan(10 * text.length + 200);
      }),
      { numRuns: RUNS },
    );
  });

  it(`read back what netsh prints (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(winhttpShown, ({ servers, bypass }) => {
        const list = servers.map(([scheme, host, p]) => `${scheme}${host}:${p}`).join(';');
        const settings = parseWinhttpShowProxy(`\r\nCurrent WinHTTP proxy settings:\r\n\r\n    Proxy Server(s) :  ${list}\r\n    Bypass List     :  ${bypass}\r\n`);
        const last = (prefix: string) => servers.filter(([scheme]) => scheme === prefix).at(-1);
        const expected = (scheme: 'http' | 'https') => last(`${scheme}=`) ?? last('');
        for (const scheme of ['http', 'https'] as const) {
          const chosen = expected(scheme);
          expect(winhttpProxyFor(settings, scheme)).toEqual(chosen ? { host: chosen[1], port: chosen[2] } : null);
        }
      }),
      { numRuns: RUNS },
    );
  });
});

const URL_TOKENS = ['http://', 'HTTP://', 'https://', 'socks5://', 'ftp:', 'user', ':', 'pw', '@', 'proxy.corp', '[fd00::1]', ':3128', ':0', ':65536', ':99999', '/', '/path', '?q', '#f', '%', '%zz', '%2F', ' ', 'xn--', '..', ...NASTY];

describe('proxy URLs', BACKSTOP, () => {
  it(`give an address or INVALID_ARGUMENT, whatever the text (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(anyText(URL_TOKENS), (text) => {
        const outcome = outcomeOf(() => parseProxyUrl(text), CODES);
        if (!outcome.ok) return;
        expect(outcome.value.port).toBeGreaterThanOrEqual(1);
        expect(outcome.value.port).toBeLessThanOrEqual(65535);
        expect(outcome.value.host).not.toBe('');
      }),
      { numRuns: RUNS },
    );
  });

  it(`read back a formatted address (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(hostName, ipv6), port, fc.constantFrom('', 'http://', 'HTTP://'), (host, p, scheme) => {
        const parsed = parseProxyUrl(`${scheme}${formatAddress({ host, port: p })}`);
        expect(formatAddress(parsed)).toBe(formatAddress(parseProxyUrl(formatAddress(parsed))));
        expect(parsed.port).toBe(p);
      }),
      { numRuns: RUNS },
    );
  });
});

// The oracle: what the bypass list did before issue 11 (a regular expression), on inputs small enough
// for its backtracking not to matter.
function regexWildcard(pattern: string, text: string): boolean {
  return new RegExp(`^${pattern.replace(/[.+?^${}()|[\]\\]/g, '\\$&').replace(/\*/g, '.*')}$`, 's').test(text);
}

const BYPASS_TOKENS = ['*', '.', '<local>', 'corp', 'dc01', '10', '0', '/8', '/33', '/99', '/129', ':5986', ':99999', '::', 'fd00', '[', ']', ';', ',', ' ', '\n', '*.corp', '10.*', '10.0.0.0/8', 'fd00::/8', '.corp', ...NASTY];

describe('bypass lists', BACKSTOP, () => {
  it(`match wildcards as the regular expression did (${RUNS} cases)`, () => {
    const unit = fc.constantFrom('a', 'b', '*', '.');
    fc.assert(
      fc.property(fc.string({ unit, maxLength: 10 }), fc.string({ unit: fc.constantFrom('a', 'b', '.'), maxLength: 14 }), (pattern, text) => {
        expect(compileWildcard(pattern)(text)).toBe(regexWildcard(pattern, text));
      }),
      { numRuns: RUNS },
    );
  });

  it(`give a list or INVALID_ARGUMENT, and every match is a boolean (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(anyText(BYPASS_TOKENS), fc.constantFrom('winhttp', 'no_proxy'), fc.oneof(hostName, ipv6, fc.ipV4(), fc.constantFrom('', '[::1]', 'dc01.corp.', 'DC01')), port, (text, style, host, p) => {
        const outcome = outcomeOf(() => parseBypassList(text, style), CODES);
        if (outcome.ok) expect(typeof outcome.value.matches(host, p)).toBe('boolean');
      }),
      { numRuns: RUNS },
    );
  });

  it(`name every host they list (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.array(fc.oneof(listedName, fc.ipV4()), { minLength: 1, maxLength: 8 }), fc.constantFrom(';', ',', ' ', '; '), (hosts, separator) => {
        const list = parseBypassList(hosts.join(separator), 'winhttp');
        for (const host of hosts) expect(list.matches(host.toUpperCase(), 5986)).toBe(true);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('environment proxies', BACKSTOP, () => {
  it(`give a proxy and a bypass list, or INVALID_ARGUMENT naming the variable (${RUNS} cases)`, () => {
    const maybe = (tokenList: readonly string[]) => fc.option(anyText(tokenList), { nil: undefined });
    const variables = fc.record({ https_proxy: maybe(URL_TOKENS), HTTPS_PROXY: maybe(URL_TOKENS), http_proxy: maybe(URL_TOKENS), no_proxy: maybe(BYPASS_TOKENS), NO_PROXY: maybe(BYPASS_TOKENS) });
    fc.assert(
      fc.property(variables, fc.constantFrom('http', 'https'), (env, scheme) => {
        const outcome = outcomeOf(() => environmentProxy(env, scheme), CODES);
        if (!outcome.ok) expect(outcome.error.message).toMatch(/^The environment variable (https_proxy|HTTPS_PROXY|http_proxy|no_proxy|NO_PROXY): /);
      }),
      { numRuns: RUNS },
    );
  });
});

// Secrets as people choose them, URL delimiters included; each is distinctive, so finding it in a
// message means it leaked (host names are drawn from other characters).
const secretChar = fc.constantFrom(...'ABCDEFGHKMNPQRSTUVWXYZ23456789/@:#?%&=+!$*'.split(''));
const secret = fc.string({ unit: secretChar, minLength: 4, maxLength: 20 }).map((tail) => `Pw9${tail}`);
const userName = fc.constantFrom('admin', 'CORP\\admin', 'a%40b', '', 'u');
const badHost = fc.constantFrom('bad host', '[bad', '', 'proxy.corp', 'proxy.corp:3128', 'proxy.corp:0', 'proxy.corp:99999', 'proxy.corp:3128/path', '[fd00::1]:80', 'h:x');
const scheme = fc.constantFrom('', 'http://', 'HTTP://', 'https://', 'socks5://', 'ftp://');

describe('secrets in proxy URLs', BACKSTOP, () => {
  it(`never appear in a message, whatever the URL around them (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(scheme, userName, secret, badHost, (prefix, user, password, host) => {
        const url = `${prefix}${user}:${password}@${host}`;
        const messages: string[] = [];
        const collect = (action: () => unknown) => {
          const outcome = outcomeOf(action, CODES);
          if (!outcome.ok) messages.push(outcome.error.message);
        };
        collect(() => parseProxyUrl(url));
        collect(() => environmentProxy({ https_proxy: url }, 'https'));
        // WinHTTP and PAC lists split at white space and `;`: a secret holding those cannot be in one.
        collect(() => parseWinhttpShowProxy(`    Proxy Server(s) :  socks=${url}\r\n    Bypass List     :  (none)`));
        collect(() => parseWinhttpShowProxy(`    Proxy Server(s) :  http=${url}\r\n    Bypass List     :  (none)`));
        messages.push(...parsePacAnswer(`PROXY ${url}; SOCKS5 ${url}; ${url}`).skipped);
        const winhttp = outcomeOf(() => parseWinhttpShowProxy(`    Proxy Server(s) :  http=p:80;socks=${url}`), CODES);
        if (winhttp.ok && winhttp.value.kind === 'proxy') messages.push(...winhttp.value.ignored);
        for (const message of messages) {
          expect(message).not.toContain(password);
          expect(message).not.toContain(encodeURIComponent(password));
        }
      }),
      { numRuns: RUNS },
    );
  });
});

describe('1 MB of hostile proxy settings', BACKSTOP, () => {
  it.each(PROXY_LARGE_INPUTS)('$label: $outcome', async (input) => {
    const { size, outcome } = await readLargeInput(input, CODES);
    expect(size).toBeGreaterThanOrEqual(ONE_MB / 2);
    expect(outcome).toBe(input.outcome);
  });
});
