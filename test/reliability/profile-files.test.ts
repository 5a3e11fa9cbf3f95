import fc from 'fast-check';
import { mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { PROFILE_SCHEMA_VERSION } from '../../shared/domain/profile-document.ts';
import { readProfileDocument } from '../../shared/domain/profile-migrations.ts';
import { DeskError } from '../../shared/errors.ts';
import { PROFILE_FILE_NAME, ProfileStore } from '../../electron/store/profile-store.ts';
import { PROFILE_LARGE_INPUTS } from './large-inputs/profile-files.ts';
import { BACKSTOP, ONE_MB, readLargeInput, RUNS } from './outside-input.ts';

// Property tests for profile files (shared/domain/profile-document.ts, profile-migrations.ts and
// electron/store/versioned-file.ts through ProfileStore): whatever a file holds — any JSON, a
// near-miss of either schema version, any bytes — reading it gives a document or a reason, never an
// exception; a reason never quotes a value from the file; opening a store on it sets the damage aside
// and carries on. How the time of a large file grows with its size is the bench's (case L), never a
// timed test.

const SECRET = 'Pr0f1leS3cret';
const idOf = (kind: string) => fc.oneof(fc.integer({ min: 0, max: 5 }).map((n) => `${kind}_id${String(n).padStart(6, '0')}`), fc.constantFrom(`${kind}_x`, '', SECRET));
const text = fc.oneof(fc.constantFrom('web01', 'WEB01', 'dc.corp.example', '10.0.0.1', 'fd00::1', '', ' ', 'a/b', 'a|b', SECRET, 'http://proxy:3128', 'http://u:p@proxy:3128', '<local>', '*.corp', '10.0.0.0/99'), fc.string({ maxLength: 8 }));
// Keys are where a reason points (`…environment.PATH`), so none is the secret; values may be.
const envName = fc.oneof(fc.constantFrom('PATH', 'A=B', '', '\u0000', 'x'.repeat(300)), fc.string({ unit: fc.constantFrom('A', 'b', '_', '='), maxLength: 6 }));
const scalar = fc.oneof(text, fc.integer(), fc.boolean(), fc.constant(null));
const defaults = fc.record(
  {
    transport: fc.constantFrom('http', 'https', 'ftp', SECRET),
    port: fc.oneof(fc.integer({ min: -1, max: 70_000 }), text),
    auth: fc.constantFrom('basic', 'ntlm', 'negotiate', 'kerberos', SECRET),
    credentialId: fc.oneof(idOf('c'), fc.constant(null)),
    proxyProfileId: fc.oneof(idOf('p'), fc.constant(null)),
    tls: fc.constantFrom({ mode: 'system' }, { mode: 'pin', sha256: SECRET }, { mode: 'ca', caFile: '' }, { mode: SECRET }),
    shell: fc.record({ codepage: fc.oneof(fc.integer(), text), environment: fc.dictionary(envName, scalar, { maxKeys: 3 }) }, { requiredKeys: [] }),
  },
  { requiredKeys: [] },
);
const folder = fc.record({ id: idOf('f'), name: text, parentId: fc.option(idOf('f'), { nil: undefined }), defaults }, { requiredKeys: ['id', 'name'] });
const host = fc.record(
  { id: idOf('h'), name: text, address: text, folderId: fc.option(idOf('f'), { nil: undefined }), tags: fc.array(text, { maxLength: 3 }), notes: text, spnHost: text, extra: scalar },
  { requiredKeys: ['id', 'name', 'address'] },
);
const proxyProfile = fc.record(
  { id: idOf('p'), name: text, access: fc.constantFrom('none', 'manual', 'system', 'winhttp', 'environment', SECRET), url: text, bypass: fc.array(text, { maxLength: 3 }), auth: fc.constantFrom('none', 'basic', 'negotiate', SECRET), credentialId: idOf('c') },
  { requiredKeys: ['id', 'name', 'access'] },
);
const v2 = fc.record(
  {
    version: fc.constantFrom(2, 2, 2, 3, 0, '2'),
    settings: fc.record({ defaults, vaultAutoLockMinutes: fc.oneof(fc.integer(), text) }, { requiredKeys: [] }),
    folders: fc.array(folder, { maxLength: 5 }),
    proxyProfiles: fc.array(proxyProfile, { maxLength: 3 }),
    hosts: fc.array(host, { maxLength: 6 }),
  },
  { requiredKeys: ['version'] },
);
const v1Host = fc.record(
  { id: fc.oneof(text, fc.uuid()), name: text, address: text, port: fc.oneof(fc.integer(), text), useSsl: fc.boolean(), authentication: fc.constantFrom('Default', 'Basic', 'Negotiate', 'Kerberos', 'NTLM', SECRET), group: text, tags: text, credentialId: text },
  { requiredKeys: ['id', 'name', 'address'] },
);
const v1 = fc.record(
  { version: fc.constant(1), hosts: fc.array(v1Host, { maxLength: 6 }), proxy: fc.oneof(fc.constant(null), fc.record({ url: text, bypass: fc.array(text, { maxLength: 3 }) }, { requiredKeys: ['url'] })) },
  { requiredKeys: ['version', 'hosts'] },
);
const anyDocument = fc.oneof(v2, v1, fc.jsonValue({ maxDepth: 4 }), fc.record({ version: fc.jsonValue({ maxDepth: 1 }) }));

describe('profile documents', BACKSTOP, () => {
  it(`give a document or a reason that quotes no value, whatever the JSON (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(anyDocument, (raw) => {
        const read = readProfileDocument(JSON.parse(JSON.stringify(raw)));
        if (!read.ok) {
          expect(read.reason.length).toBeLessThan(1_000);
          expect(read.reason).not.toContain(SECRET);
          return;
        }
        // What was read is a current document, read again as it is.
        expect(read.document.version).toBe(PROFILE_SCHEMA_VERSION);
        expect(readProfileDocument(JSON.parse(JSON.stringify(read.document)))).toEqual({ ok: true, document: read.document, migratedFrom: null });
      }),
      { numRuns: RUNS },
    );
  });

  it(`migrate every version 1 host or say why not (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(v1, (raw) => {
        const read = readProfileDocument(JSON.parse(JSON.stringify(raw)));
        if (read.ok) {
          expect(read.migratedFrom).toBe(1);
          expect(read.document.hosts).toHaveLength(raw.hosts.length);
        } else expect(read.reason).toMatch(/^(Schema 1 file|After migrating from schema 1): /);
      }),
      { numRuns: RUNS },
    );
  });
});

// Each case makes a directory and opens a store on it: seconds in all, more on a loaded machine.
describe('profile files on disk', BACKSTOP, () => {
  const root = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-profile-files-'));
  afterAll(() => rmSync(root, { recursive: true, force: true }));
  let run = 0;

  /** Opens a store on a directory whose profile file (and backup) hold these bytes. */
  function openOn(main: Uint8Array, backup?: Uint8Array): ReturnType<typeof ProfileStore.open> | DeskError {
    const dir = path.join(root, String(run++));
    mkdirSync(dir);
    writeFileSync(path.join(dir, `${PROFILE_FILE_NAME}.json`), main);
    if (backup) writeFileSync(path.join(dir, `${PROFILE_FILE_NAME}.json.bak`), backup);
    try {
      return ProfileStore.open(dir);
    } catch (error) {
      if (error instanceof DeskError) return error;
      throw error;
    } finally {
      // Keep the run's directory small: this is about reading, not about what piles up.
      if (run % 200 === 0) for (const entry of readdirSync(root)) rmSync(path.join(root, entry), { recursive: true, force: true });
    }
  }

  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 300 }),
    anyDocument.map((doc) => new TextEncoder().encode(JSON.stringify(doc))),
    anyDocument.map((doc) => Buffer.from(`\uFEFF${JSON.stringify(doc)}`, 'utf16le')),
    anyDocument.map((doc) => new TextEncoder().encode(JSON.stringify(doc).slice(0, -1))),
  );

  it(`open on any bytes, setting damage aside, or refuse a newer file with NOT_SUPPORTED (${RUNS / 3} cases)`, () => {
    fc.assert(
      fc.property(bytes, fc.option(bytes, { nil: undefined }), (main, backup) => {
        const opened = openOn(main, backup);
        if (opened instanceof DeskError) {
          expect(opened.code).toBe('NOT_SUPPORTED');
          expect(opened.message).not.toContain(SECRET);
          return;
        }
        for (const problem of opened.report.problems) {
          expect(problem.code).toBe('STORE_CORRUPT');
          expect(problem.reason).not.toContain(SECRET);
        }
        // Whatever was found, the store it opened can be changed and read back.
        const added = opened.store.addHost({ name: `prop-${run}`, address: 'prop.corp.example' });
        expect(opened.store.findHost(added.id)).toEqual(added);
      }),
      { numRuns: RUNS / 3 },
    );
  });

  it.each(PROFILE_LARGE_INPUTS)('1 MB of $label: $outcome', async (input) => {
    const { size, outcome } = await readLargeInput(input, ['NOT_SUPPORTED']);
    expect(size).toBeGreaterThanOrEqual((input.bytes ?? ONE_MB) / 2);
    expect(outcome).toBe(input.outcome);
  });
});
