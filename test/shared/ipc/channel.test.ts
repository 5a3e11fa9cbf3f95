import { describe, expect, it } from 'vitest';
import { buildClient, listChannels } from '../../../shared/ipc/channel.ts';
import { contract } from '../../../shared/ipc/contract.ts';

describe('contract-generated client', () => {
  it('exposes one function per declared channel and nothing else', () => {
    const api = buildClient(contract, async () => undefined) as unknown as Record<string, Record<string, unknown>>;
    const exposed = Object.entries(api).flatMap(([area, methods]) => Object.keys(methods).map((m) => `${area}:${m}`));
    expect(exposed.sort()).toEqual(listChannels(contract).map((c) => c.name).sort());
  });

  it('sends the wire name and the request untouched', async () => {
    const calls: Array<[string, unknown]> = [];
    const api = buildClient(contract, async (channel, payload) => {
      calls.push([channel, payload]);
      return { ok: true, value: null };
    });
    await api.hosts.remove({ ids: ['h_abcdefgh'] });
    await api.app.getInfo();
    expect(calls).toEqual([
      ['hosts:remove', { ids: ['h_abcdefgh'] }],
      ['app:getInfo', undefined],
    ]);
  });

  it('declares strict request schemas, so unknown fields are refused', () => {
    for (const { name, spec } of listChannels(contract)) {
      const probe = spec.request.safeParse({ unexpected: true });
      expect(probe.success, name).toBe(false);
    }
  });
});
