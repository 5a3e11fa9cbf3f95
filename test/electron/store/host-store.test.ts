import { describe, expect, it } from 'vitest';
import { createMemoryHostStore } from '../../../electron/store/host-store.ts';
import { DeskError } from '../../../shared/errors.ts';

describe('memory host store', () => {
  it('fills the WinRM default port for the transport and sorts by name', () => {
    const store = createMemoryHostStore();
    store.add({ name: 'web01', address: 'web01.corp', transport: 'http' });
    store.add({ name: 'dc01', address: 'dc01.corp', transport: 'https' });
    expect(store.list().map((h) => [h.name, h.port])).toEqual([
      ['dc01', 5986],
      ['web01', 5985],
    ]);
  });

  it('refuses a second host with the same name, whatever the case', () => {
    const store = createMemoryHostStore();
    store.add({ name: 'dc01', address: 'dc01.corp', transport: 'https' });
    expect(() => store.add({ name: 'DC01', address: 'other', transport: 'https' })).toThrow(DeskError);
  });

  it('reports a missing id as NOT_FOUND', () => {
    const store = createMemoryHostStore();
    expect(() => store.remove('h_doesnotexist')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
  });
});
