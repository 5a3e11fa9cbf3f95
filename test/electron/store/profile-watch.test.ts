import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ProfileStore } from '../../../electron/store/profile-store.ts';
import { ProfileWatch } from '../../../electron/store/profile-watch.ts';
import { openDeskClient, ok, type DeskClient } from '../ipc/desk-client.ts';

let dir: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'winrm-desk-watch-'));
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

describe('store freshness', () => {
  let desk: DeskClient;
  afterEach(() => desk.close());

  it('sees a host the command line added while the app was open, and refuses an edit on the stale copy', async () => {
    // A long wait: `changes` can only answer early because the watch saw the other writer.
    desk = openDeskClient({ dir, changesWaitMs: 60_000 });
    const web = ok(await desk.api.hosts.add({ name: 'web01', address: 'web01.corp', tags: [], notes: '' }));
    const { revision, document } = ok(await desk.api.profiles.snapshot());
    expect(revision).toBeGreaterThan(0);
    const waiting = desk.api.profiles.changes({ since: revision });

    const cli = ProfileStore.open(dir).store;
    cli.addHost({ name: 'from-cli', address: 'cli.corp' });
    cli.updateHost(web.id, cli.findHost(web.id), { name: 'web01', address: 'web01.corp', tags: ['cli'], notes: '' });

    expect(ok(await waiting).revision).toBeGreaterThan(revision);
    const after = ok(await desk.api.profiles.snapshot()).document;
    expect(after.hosts.map((h) => h.name)).toEqual(['web01', 'from-cli']);

    const stale = document.hosts[0]!;
    const result = await desk.api.hosts.update({ id: web.id, base: stale, host: { name: 'web01', address: 'moved.corp', tags: [], notes: '' } });
    expect(result.ok === false && result.error.code).toBe('CONFLICT');
    const file = JSON.parse(readFileSync(join(dir, 'profiles.json'), 'utf8'));
    expect(file.hosts[0]).toMatchObject({ address: 'web01.corp', tags: ['cli'] });
  });

  it('keeps a revision per app services: a change in one data directory moves only its own', async () => {
    desk = openDeskClient({ dir, changesWaitMs: 5 });
    const other = openDeskClient({ changesWaitMs: 5 });
    try {
      const otherBefore = ok(await other.api.profiles.snapshot()).revision;
      const before = ok(await desk.api.profiles.snapshot()).revision;
      ok(await desk.api.hosts.add({ name: 'web01', address: 'web01.corp', tags: [], notes: '' }));
      expect(ok(await desk.api.profiles.snapshot()).revision).toBeGreaterThan(before);
      expect(ok(await other.api.profiles.snapshot()).revision).toBe(otherBefore);
      expect(ok(await other.api.profiles.changes({ since: otherBefore }))).toEqual({ revision: otherBefore });
    } finally {
      await other.close();
    }
  });

  it('answers a change request with the same revision when nothing changed within the wait', async () => {
    desk = openDeskClient({ dir, changesWaitMs: 5 });
    const { revision } = ok(await desk.api.profiles.snapshot());
    expect(ok(await desk.api.profiles.changes({ since: revision }))).toEqual({ revision });
    // A page that holds a revision this process never had (it outlived a restart) is answered at once.
    expect(ok(await desk.api.profiles.changes({ since: revision + 7 }))).toEqual({ revision });
  });
});

describe('ProfileWatch', () => {
  it('reports a change of content, not a rewrite with the same bytes', () => {
    const file = join(dir, 'profiles.json');
    writeFileSync(file, '{"a":1}');
    let changes = 0;
    const watch = new ProfileWatch({ dir, files: ['profiles.json'], onChange: () => changes++, pollMs: 60_000 });
    try {
      writeFileSync(file, '{"a":1}');
      utimesSync(file, new Date(), new Date(Date.now() + 5_000));
      expect(watch.check()).toBe(false);
      writeFileSync(file, '{"a":2}');
      expect(watch.check()).toBe(true);
      rmSync(file);
      expect(watch.check()).toBe(true);
      expect(changes).toBe(2);
    } finally {
      watch.dispose();
    }
  });
});
