import { describe, expect, it } from 'vitest';
import { applyHostFix, followSaved, isModified, loadDraft } from '../../../renderer/src/editor/draft-sync.ts';
import { canonical, ownSetting, withSetting } from '../../../renderer/src/editor/settings-fields.ts';

interface Entity {
  id: string;
  name: string;
  port?: number;
}
const toDraft = ({ id: _, ...rest }: Entity) => rest;
const v1: Entity = { id: 'h_1', name: 'web01' };
const v2: Entity = { id: 'h_1', name: 'web01', port: 5985 };

describe('an editor following the saved entity', () => {
  it('follows a change made elsewhere while nothing was typed', () => {
    expect(followSaved(loadDraft(v1, toDraft), v2, toDraft)).toEqual({ base: v2, draft: { name: 'web01', port: 5985 }, stale: false, gone: false });
  });

  it('keeps a modified draft and its old base (so a save is refused, not silently merged), and warns', () => {
    const typed = { ...loadDraft(v1, toDraft), draft: { name: 'web02' } };
    const next = followSaved(typed, v2, toDraft);
    expect(next).toEqual({ base: v1, draft: { name: 'web02' }, stale: true, gone: false });
    expect(isModified(next, toDraft)).toBe(true);
  });

  it('is no longer stale when the draft says what is saved now', () => {
    const typed = { ...loadDraft(v1, toDraft), draft: { name: 'web01', port: 5985 } };
    expect(followSaved(typed, v2, toDraft)).toEqual(loadDraft(v2, toDraft));
  });

  it('notices a deletion and keeps the draft', () => {
    const typed = { ...loadDraft(v1, toDraft), draft: { name: 'web02' } };
    expect(followSaved(typed, undefined, toDraft)).toMatchObject({ gone: true, draft: { name: 'web02' } });
  });

  it('does not change when the same entity arrives again with its keys in another order', () => {
    const state = loadDraft(v2, toDraft);
    expect(followSaved(state, { port: 5985, name: 'web01', id: 'h_1' }, toDraft)).toBe(state);
  });
});

describe('settings on a level', () => {
  it('puts the shell settings in the shell block and drops an empty block', () => {
    const withCodepage = withSetting({ auth: 'ntlm' as const }, 'codepage', 437);
    expect(withCodepage).toEqual({ auth: 'ntlm', shell: { codepage: 437 } });
    expect(ownSetting(withCodepage, 'codepage')).toBe(437);
    expect(withSetting(withCodepage, 'codepage', undefined)).toEqual({ auth: 'ntlm' });
  });

  it('keeps null (explicit none) apart from inherit', () => {
    expect(withSetting({}, 'proxyProfileId', null)).toEqual({ proxyProfileId: null });
    expect(ownSetting({ proxyProfileId: null }, 'proxyProfileId')).toBeNull();
    expect(ownSetting({}, 'proxyProfileId')).toBeUndefined();
  });

  it('compares entities by what they say, not by key order or undefined fields', () => {
    expect(canonical({ b: 1, a: { d: undefined, c: 2 } })).toBe(canonical({ a: { c: 2 }, b: 1 }));
    expect(canonical({ a: null })).not.toBe(canonical({}));
  });
});

describe('a plan fix on the draft', () => {
  it.each([
    ['switch to HTTPS drops the HTTP port', { transport: 'http', port: 5985 }, { transport: 'https', port: null }, { transport: 'https' }],
    ['sets encryption, keeps the rest', { transport: 'http', port: 8080 }, { encryption: 'auto' }, { transport: 'http', port: 8080, encryption: 'auto' }],
    ['sets a port', {}, { port: 5986 }, { port: 5986 }],
  ] as const)('%s', (_, draft, changes, expected) => {
    expect(applyHostFix({ ...draft }, changes)).toEqual(expected);
  });
});
