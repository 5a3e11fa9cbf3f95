import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { PROFILE_FILE_NAME, ProfileStore } from '../../../electron/store/profile-store.ts';
import type { LargeInput } from '../outside-input.ts';

// Large hostile profile files: what opening a store on each gives is checked by
// test/reliability/profile-files.test.ts, how its time grows with its size by the bench (case L).

const chain = (count: number) => ({
  version: 2,
  folders: Array.from({ length: count }, (_, i) => ({ id: `f_deep${String(i).padStart(8, '0')}`, name: 'd', ...(i === 0 ? {} : { parentId: `f_deep${String(i - 1).padStart(8, '0')}` }) })),
});
const json = (doc: unknown) => Buffer.from(JSON.stringify(doc));
/** Folder records in a chain: about 60 bytes each; the unit test's chain is 10 000 deep. */
const CHAIN_LINK_BYTES = 60;
const CHAIN_BYTES = 10_000 * CHAIN_LINK_BYTES;

/**
 * Opens a store on a fresh directory holding `file` as its profile file, and removes the directory:
 * what the store found, or the code it refused with. Opening sets damage aside, so each read needs
 * its own directory; writing the file is part of the read (linear, and small beside the parse).
 */
function openOn(file: Buffer): string {
  const dir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-large-profile-'));
  try {
    writeFileSync(path.join(dir, `${PROFILE_FILE_NAME}.json`), file);
    const { store, report } = ProfileStore.open(dir);
    const doc = store.document();
    const how = report.recoveredFrom ? ', from the backup' : report.migratedFrom !== null ? `, migrated from version ${report.migratedFrom}` : '';
    return `${report.problems.length} problems${how}: ${doc.hosts.length} hosts, ${doc.folders.length} folders`;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function profile(label: string, outcome: string, make: (bytes: number) => Buffer, bytes?: number): LargeInput {
  return {
    label,
    outcome,
    ...(bytes === undefined ? {} : { bytes }),
    build: (bytes) => {
      const file = make(bytes);
      return { size: file.length, read: () => openOn(file) };
    },
  };
}

export const PROFILE_LARGE_INPUTS: readonly LargeInput[] = [
  profile('white space', '1 problems: 0 hosts, 0 folders', (n) => Buffer.from(' '.repeat(n))),
  profile('line feeds', '1 problems: 0 hosts, 0 folders', (n) => Buffer.from('\n'.repeat(n))),
  profile('nesting', '1 problems: 0 hosts, 0 folders', (n) => Buffer.from(`${'['.repeat(n / 2)}${']'.repeat(n / 2)}`)),
  profile('nested objects', '1 problems: 0 hosts, 0 folders', (n) => Buffer.from(`{"version":2,"x":${'{"a":'.repeat(n / 5)}1${'}'.repeat(n / 5)}}`)),
  profile('bytes that are not UTF-8', '1 problems: 0 hosts, 0 folders', (n) => Buffer.alloc(n, 0xff)),
  profile('one folder chain 10 000 deep', '0 problems: 0 hosts, 10000 folders', (n) => json(chain(Math.round(n / CHAIN_LINK_BYTES))), CHAIN_BYTES),
  profile(
    'a folder chain 10 000 deep that ends in a cycle',
    '1 problems: 0 hosts, 0 folders',
    (n) => {
      const { folders } = chain(Math.round(n / CHAIN_LINK_BYTES));
      return json({ version: 2, folders: [...folders.slice(1), { id: folders[0]!.id, name: 'd', parentId: folders.at(-1)!.id }] });
    },
    CHAIN_BYTES,
  ),
  profile('many hosts', '0 problems: 13107 hosts, 0 folders', (n) => json({ version: 2, hosts: Array.from({ length: n / 80 }, (_, i) => ({ id: `h_many${String(i).padStart(8, '0')}`, name: `host${i}`, address: `h${i}.corp.example` })) })),
  profile('many version 1 groups', '0 problems, migrated from version 1: 13107 hosts, 13107 folders', (n) => json({ version: 1, hosts: Array.from({ length: n / 80 }, (_, i) => ({ id: `id${i}-abcdef`, name: `host${i}`, address: `h${i}.corp`, group: `group ${i}` })) })),
  profile('one huge string', '1 problems: 0 hosts, 0 folders', (n) => json({ version: 2, hosts: [{ id: 'h_abcdefgh', name: 'a', address: 'a'.repeat(n) }] })),
];
