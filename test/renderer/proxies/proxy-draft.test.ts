import { describe, expect, it } from 'vitest';
import { proxyProfileSchema } from '../../../shared/domain/proxy-profile.ts';
import { applyWinhttp, proxyDraftOf, proxyDraftSchema, proxyInputOf } from '../../../renderer/src/proxies/proxy-draft.ts';

const saved = proxyProfileSchema.parse({ id: 'p_squid000', name: 'Squid', access: 'manual', url: 'http://squid:3128', bypass: ['<local>'], auth: 'basic', credentialId: 'c_proxy000' });

describe('the proxy editor draft', () => {
  it('round-trips a saved profile', () => {
    const { id, ...input } = saved;
    expect(id).toBe('p_squid000');
    expect(proxyInputOf(proxyDraftOf(saved))).toEqual(input);
  });

  it('saves only what the chosen access type uses, keeping the rest in the draft', () => {
    const draft = { ...proxyDraftOf(saved), access: 'none' as const };
    expect(proxyInputOf(draft)).toEqual({ name: 'Squid', access: 'none', bypass: [], auth: 'none', tunnelForHttp: false });
    expect(draft.url).toBe('http://squid:3128');
    expect(proxyInputOf({ ...draft, access: 'system' })).toMatchObject({ access: 'system', auth: 'basic', credentialId: 'c_proxy000' });
    expect(proxyInputOf({ ...draft, access: 'system' })).not.toHaveProperty('url');
  });

  it('is checked by the schema main saves with, issues at the saved field', () => {
    const parsed = proxyDraftSchema.safeParse({ ...proxyDraftOf(saved), url: 'https://squid:3128', bypassText: '<local>\n10.0.0.0/99' });
    expect(parsed.success).toBe(false);
    expect(parsed.error?.issues.map((i) => i.path.join('.')).sort()).toEqual(['bypass.1', 'url']);
  });

  it('takes a pasted WinHTTP proxy as a manual one, and direct access as no proxy', () => {
    const draft = { ...proxyDraftOf(saved), access: 'system' as const };
    expect(applyWinhttp(draft, { access: 'manual', url: 'http://proxy.corp.example:8080', bypass: ['*.corp.example', '<local>'], perScheme: false })).toMatchObject({ access: 'manual', url: 'http://proxy.corp.example:8080', bypassText: '*.corp.example\n<local>' });
    expect(applyWinhttp(draft, { access: 'none', bypass: [], perScheme: false }).access).toBe('none');
  });
});
