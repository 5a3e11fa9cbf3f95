import { describe, expect, it } from 'vitest';
import { bypassEntryProblem } from '../../../shared/domain/bypass-entry.ts';
import { proxyProfileSchema } from '../../../shared/domain/proxy-profile.ts';
import { parseBypassList } from '../../../electron/proxy/bypass.ts';

const GOOD = [
  '<local>',
  '<LOCAL>',
  '*',
  'dc01',
  'dc01.corp.example',
  'dc01.corp.example.',
  '*.corp.example',
  '.corp.example',
  '10.*',
  '*web*',
  'host_name-1',
  'dc01.corp.example:5985',
  '10.0.0.1',
  '10.0.0.0/8',
  '192.168.1.0/24',
  '0.0.0.0/0',
  'fd00::/8',
  '::1',
  'fe80::1ff:fe23:4567:890a',
  '::ffff:10.0.0.1',
  '[fd00::1]',
  '[fd00::1]:5986',
  '  *.padded.example  ',
];

const BAD: [string, RegExp][] = [
  ['', /empty/],
  ['   ', /empty/],
  ['a b', /more than one bypass entry/],
  ['a;b', /more than one bypass entry/],
  ['10.0.0.0/33', /IPv4 prefix length is 0–32/],
  ['fd00::/129', /IPv6 prefix length is 0–128/],
  ['dc01/8', /before "\/" comes an IP address/],
  ['10.0.0.0/8/9', /not a CIDR block/],
  ['10.0.0.300', /each part is 0–255/],
  ['dc01..corp', /empty part between dots/],
  ['.', /empty part/],
  ['dc01:0', /port .* 1–65535/],
  ['dc01:99999', /port .* 1–65535/],
  ['dc01:http', /port .* 1–65535/],
  ['fd00:::1', /not an IPv6 address/],
  ['[dc01]:80', /inside \[ \] comes an IPv6 address/],
  ['[fd00::1]:x', /port/],
  ['corp$.example', /"corp\$" is not part of a host name/],
  ['http://proxy', /not a CIDR block|not part of a host name/],
  ['x'.repeat(256), /at most 255 characters/],
];

describe('bypass entries', () => {
  it.each(GOOD)('accepts %j', (entry) => {
    expect(bypassEntryProblem(entry)).toBeNull();
  });

  it.each(BAD)('refuses %j with a reason', (entry, reason) => {
    expect(bypassEntryProblem(entry)).toMatch(reason);
  });

  it('accepts only entries the connection side can give a meaning without an error', () => {
    for (const entry of GOOD) expect(() => parseBypassList(entry, 'winhttp')).not.toThrow();
  });

  it('is the rule the saved profile follows', () => {
    const profile = (bypass: string[]) => proxyProfileSchema.safeParse({ id: 'p_corpproxy', name: 'Corp', access: 'system', bypass });
    expect(profile(GOOD).success).toBe(true);
    const refused = profile(['<local>', '10.0.0.0/33']);
    expect(refused.success).toBe(false);
    expect(refused.error?.issues[0]?.message).toMatch(/prefix length/);
    expect(refused.error?.issues[0]?.path).toEqual(['bypass', 1]);
  });
});
