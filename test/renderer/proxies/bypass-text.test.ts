import { describe, expect, it } from 'vitest';
import { bypassTextOf, checkBypassText } from '../../../renderer/src/proxies/bypass-text.ts';

describe('the bypass editor text', () => {
  it('splits lines, and ; or , as WinHTTP and NO_PROXY lists write them', () => {
    expect(checkBypassText('<local>\n*.corp.example;10.0.0.0/8, fd00::/8\n\n').entries).toEqual(['<local>', '*.corp.example', '10.0.0.0/8', 'fd00::/8']);
  });

  it('flags each bad entry with its reason and keeps the good ones', () => {
    const checked = checkBypassText('*.corp.example\n10.0.0.0/40\ndc01..corp');
    expect(checked.entries).toHaveLength(3);
    expect(checked.problems.map((p) => p.entry)).toEqual(['10.0.0.0/40', 'dc01..corp']);
    expect(checked.problems[0]!.problem).toMatch(/prefix length is 0–32/);
  });

  it('round-trips a saved list', () => {
    const saved = ['<local>', '*.corp.example'];
    expect(checkBypassText(bypassTextOf(saved))).toEqual({ entries: saved, problems: [] });
  });
});
