import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { createProfileHostStore } from '../../../electron/store/profile-host-store.ts';
import { ProfileStore } from '../../../electron/store/profile-store.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'winrm-desk-hoststore-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('HostStore over the profile store', () => {
  it('behaves as the memory store did, and persists', () => {
    const hosts = createProfileHostStore(ProfileStore.open(dir).store);
    hosts.add({ name: 'web01', address: 'web01.corp', transport: 'http' });
    const dc = hosts.add({ name: 'dc01', address: 'dc01.corp', transport: 'https' });
    expect(hosts.list().map((h) => [h.name, h.port])).toEqual([['dc01', 5986], ['web01', 5985]]);
    expect(() => hosts.add({ name: 'DC01', address: 'x', transport: 'https' })).toThrow(expect.objectContaining({ code: 'CONFLICT' }));
    expect(() => hosts.remove('web01')).toThrow(expect.objectContaining({ code: 'NOT_FOUND' }));
    hosts.remove(dc.id);
    expect(createProfileHostStore(ProfileStore.open(dir).store).list().map((h) => h.name)).toEqual(['web01']);
  });
});
