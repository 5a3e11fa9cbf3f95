import { parseBypassList } from '../../../electron/proxy/bypass.ts';
import { environmentProxy } from '../../../electron/proxy/environment-proxy.ts';
import { parsePacAnswer } from '../../../electron/proxy/pac-answer.ts';
import { parseProxyUrl } from '../../../electron/proxy/proxy-address.ts';
import { parseWinhttpShowProxy } from '../../../electron/proxy/winhttp-import.ts';
import { asDecoded, type LargeInput } from '../outside-input.ts';

// Large hostile proxy settings (issue 11, items 7 and 8): bypass lists, PAC answers, `netsh winhttp
// show proxy` text, proxy URLs, the environment. What each gives is checked by
// test/reliability/proxy-settings.test.ts, how its time grows with its size by the bench (case L).

export const PROXY_CODES = ['INVALID_ARGUMENT'] as const;

/** `*a*a…*a*b`: a regular expression backtracked over it for minutes (issue 11, item 7). */
const stars = (bytes: number) => `${'*a'.repeat(bytes / 2)}*b`;

function setting(label: string, outcome: string, make: (bytes: number) => { size: number; read: () => string }): LargeInput {
  return { label, outcome, build: make };
}

/** A bypass list of `bytes`, asked about `host`. */
function bypass(label: string, outcome: string, style: 'winhttp' | 'no_proxy', list: (bytes: number) => string, host: (bytes: number) => string, port: number): LargeInput {
  return setting(`bypass list: ${label}`, outcome, (bytes) => {
    const text = asDecoded(list(bytes));
    const name = asDecoded(host(bytes));
    return { size: text.length + name.length, read: () => `matches: ${parseBypassList(text, style).matches(name, port)}` };
  });
}

function pac(label: string, outcome: string, answer: (bytes: number) => string): LargeInput {
  return setting(`PAC answer: ${label}`, outcome, (bytes) => {
    const text = asDecoded(answer(bytes));
    return {
      size: text.length,
      read: () => {
        const { entries, skipped } = parsePacAnswer(text);
        return `${entries.length} entries, ${skipped.length} skipped`;
      },
    };
  });
}

function winhttp(label: string, outcome: string, shown: (bytes: number) => string): LargeInput {
  return setting(`WinHTTP text: ${label}`, outcome, (bytes) => {
    const text = asDecoded(shown(bytes));
    return {
      size: text.length,
      read: () => {
        const settings = parseWinhttpShowProxy(text);
        return settings.kind === 'direct' ? 'direct' : `proxy for ${Object.keys(settings.servers).join(', ') || 'no scheme'}, ${settings.ignored.length} ignored`;
      },
    };
  });
}

function proxyUrl(label: string, outcome: string, url: (bytes: number) => string): LargeInput {
  return setting(`proxy URL: ${label}`, outcome, (bytes) => {
    const text = asDecoded(url(bytes));
    return {
      size: text.length,
      read: () => {
        const parsed = parseProxyUrl(text);
        return `a host of ${parsed.host.length} characters, port ${parsed.port}`;
      },
    };
  });
}

export const PROXY_LARGE_INPUTS: readonly LargeInput[] = [
  bypass('repeated wildcards against a long host name', 'matches: false', 'winhttp', stars, () => 'a'.repeat(255), 5986),
  bypass('repeated wildcards against a megabyte host', 'matches: false', 'no_proxy', stars, (n) => 'a'.repeat(n), 5986),
  bypass('a wildcard piece that almost matches everywhere', 'matches: false', 'winhttp', (n) => `*${'a'.repeat(n / 2)}b*`, (n) => 'a'.repeat(n), 5986),
  bypass('a huge list of entries', 'matches: false', 'winhttp', (n) => '10.*;*.corp;dc01:5986;fd00::/8;'.repeat(n / 32), () => 'host.other', 5986),
  bypass('separators only', 'matches: false', 'no_proxy', (n) => ';, \n'.repeat(n / 4), () => 'a', 1),
  bypass('a CIDR-like entry', 'matches: false', 'winhttp', (n) => `${'0'.repeat(n)}/8`, () => '10.0.0.1', 1),
  bypass('a bracketed entry', 'matches: false', 'winhttp', (n) => `[${':'.repeat(n)}]:1`, () => '::1', 1),
  pac('semicolons', '0 entries, 0 skipped', (n) => ';'.repeat(n)),
  pac('white space after PROXY', '0 entries, 1 skipped', (n) => `PROXY ${' '.repeat(n)}`),
  pac('a megabyte host', '1 entries, 0 skipped', (n) => `PROXY ${'a'.repeat(n)}:8080`),
  pac('a megabyte host without a port', '0 entries, 1 skipped', (n) => `PROXY ${'a'.repeat(n)}`),
  pac('a huge list', '40329 entries, 16 skipped', (n) => 'PROXY p:8080; SOCKS5 s:1; '.repeat(n / 26)),
  pac('brackets', '0 entries, 1 skipped', (n) => `PROXY [${':'.repeat(n)}:1`),
  winhttp('line feeds', 'direct', (n) => '\n'.repeat(n)),
  winhttp('white space on the line after the first', 'direct', (n) => `a\n${' '.repeat(n)}x`),
  winhttp('white space before a colon', 'direct', (n) => `x\n  ${' '.repeat(n)} : p:80`),
  winhttp('" :" repeated', 'direct', (n) => ' :'.repeat(n / 2)),
  winhttp('a huge server list', 'INVALID_ARGUMENT', (n) => `    Proxy Server(s) :  ${'socks=s:1;'.repeat(n / 10)}`),
  winhttp('a huge bypass list', 'proxy for all, 0 ignored', (n) => `    Proxy Server(s) :  p:80\n    Bypass List :  ${'*a'.repeat(n / 2)}`),
  winhttp('nested JSON', 'INVALID_ARGUMENT', (n) => `{"Proxy":${'['.repeat(n / 2)}`),
  winhttp('a JSON proxy list', 'proxy for http, 0 ignored', (n) => JSON.stringify({ Proxy: 'http=p:80;'.repeat(n / 10), ProxyBypass: '' })),
  proxyUrl('a megabyte host', 'a host of 1048576 characters, port 3128', (n) => `http://${'a'.repeat(n)}:3128`),
  proxyUrl('at signs', 'INVALID_ARGUMENT', (n) => '@'.repeat(n)),
  proxyUrl('percent signs in the password', 'INVALID_ARGUMENT', (n) => `http://u:${'%'.repeat(n)}@h:1`),
  proxyUrl('slashes', 'INVALID_ARGUMENT', (n) => `http://u:p${'/'.repeat(n)}@h:1`),
  setting('environment: a megabyte NO_PROXY and proxy variable', 'proxy h:1, bypass matches: false', (n) => {
    const env = { https_proxy: asDecoded(`http://u:${'p'.repeat(n)}@h:1`), no_proxy: asDecoded(stars(n)) };
    return {
      size: env.https_proxy.length + env.no_proxy.length,
      read: () => {
        const { proxy, bypass: list } = environmentProxy(env, 'https');
        return `proxy ${proxy ? `${proxy.host}:${proxy.port}` : 'none'}, bypass matches: ${list.matches('a'.repeat(255), 1)}`;
      },
    };
  }),
];
