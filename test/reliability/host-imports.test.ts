import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { formatCsv, parseCsv } from '../../shared/domain/csv.ts';
import { folderPath } from '../../shared/domain/folder-paths.ts';
import { exportHostsJson } from '../../shared/domain/host-export.ts';
import { importHosts, type HostImportResult, type IdKind } from '../../shared/domain/host-import.ts';
import { emptyProfileDocument, profileDocumentSchema, type ProfileDocument } from '../../shared/domain/profile-document.ts';
import { describeImport, HOST_IMPORT_FILES } from './large-inputs/host-imports.ts';
import { asDecoded, BACKSTOP, ONE_MB, RUNS } from './outside-input.ts';

// Property tests for host imports (shared/domain/csv.ts, host-import.ts): our CSV, Windows Admin
// Center's CSV and our JSON export. Whatever the file, an import returns (bad rows are reported
// problems, never exceptions), leaves a document the store's schema accepts and keeps what the
// document held. How the time of a large file grows with its size is the bench's (case L), never a
// timed test.

// One counter for the whole file, so an import into an earlier import's document makes no clash.
let made = 0;
function ids(): (kind: IdKind) => string {
  return (kind) => `${kind}_prop${String(++made).padStart(8, '0')}`;
}

const CELL_TOKENS = ['web01', 'WEB01', 'dc.corp.example', '10.0.0.1', 'fd00::1', '5986', '0', '99999', 'x', 'https', 'HTTP', 'ftp', 'ntlm', 'kerberos', 'digest', 'Prod', 'prod', 'Prod/Web', '/', '//', ' / ', 'a|b', '|', "'=cmd", '=1+1', '-x', ' ', '', '"', '""', ',', '\r\n', '\n', '\r', '\t', '\u00e9', '\u{1F600}', '\ud800', '\u0000', 'x'.repeat(130)];
const cell = fc.oneof(fc.array(fc.constantFrom(...CELL_TOKENS), { maxLength: 4 }).map((p) => p.join('')), fc.string({ unit: 'binary', maxLength: 12 }));
const COLUMNS = ['name', 'address', 'port', 'transport', 'auth', 'folder', 'tags', 'notes', 'Name', 'FOLDER', 'extra', 'type', 'groupId', ''];
const WAC_TYPES = ['msft.sme.connection-type.server', 'msft.sme.connection-type.windows-client', 'msft.sme.connection-type.cluster', 'msft.sme.connection-type.hyper-converged-cluster', 'msft.sme.connection-type.workstation', 'MSFT.SME.CONNECTION-TYPE.SERVER', ''];

const ourCsv = fc
  .tuple(fc.shuffledSubarray(COLUMNS, { minLength: 1 }), fc.array(fc.array(cell, { maxLength: 10 }), { maxLength: 12 }), fc.constantFrom('\r\n', '\n', '\r'), fc.boolean())
  .map(([header, rows, lineEnd, strict]) => (strict ? formatCsv([header, ...rows]) : [header, ...rows].map((r) => r.join(',')).join(lineEnd)));
const wacCsv = fc
  .array(fc.tuple(cell, fc.constantFrom(...WAC_TYPES), cell, cell), { maxLength: 12 })
  .map((rows) => formatCsv([['name', 'type', 'tags', 'groupId'], ...rows]));
const rawText = fc.oneof(fc.string({ unit: 'binary', maxLength: 200 }), fc.array(fc.constantFrom(...CELL_TOKENS, '{', '}', '[', ']', ':'), { maxLength: 40 }).map((p) => p.join('')));

const jsonHost = fc.oneof(
  fc.record({ name: cell, address: fc.oneof(cell, fc.domain()), folder: fc.option(cell, { nil: undefined }), port: fc.option(fc.oneof(fc.integer(), fc.constant(5986)), { nil: undefined }), tags: fc.option(fc.array(cell, { maxLength: 4 }), { nil: undefined }) }, { requiredKeys: ['name', 'address'] }),
  fc.jsonValue({ maxDepth: 3 }),
);
const jsonFile = fc
  .record({
    format: fc.constantFrom('winrm-desk-hosts', 'other'),
    version: fc.constantFrom(1, 2, '1'),
    folders: fc.array(fc.oneof(fc.record({ path: cell, defaults: fc.oneof(fc.constant({}), fc.record({ auth: fc.constantFrom('ntlm', 'bogus') })) }), fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 }),
    hosts: fc.array(jsonHost, { maxLength: 8 }),
  })
  .map((file) => JSON.stringify(file));

// A document with folders and hosts already in it, some of whose names an import will repeat.
function existingDocument(): ProfileDocument {
  const first = importHosts(emptyProfileDocument(), 'name,address,folder\r\nweb01,web01.corp,Prod/Web\r\nWEB02,web02.corp,prod\r\n', ids());
  return profileDocumentSchema.parse(first.document);
}

function checkResult(before: ProfileDocument, result: HostImportResult): void {
  const checked = profileDocumentSchema.safeParse(result.document);
  expect(checked.success, checked.success ? '' : JSON.stringify(checked.error.issues.slice(0, 3))).toBe(true);
  expect(result.document.hosts.slice(0, before.hosts.length)).toEqual(before.hosts);
  expect(result.document.hosts.slice(before.hosts.length)).toEqual(result.added);
  expect(result.document.folders.length - before.folders.length).toBe(result.createdFolders);
  for (const problem of result.problems) expect(problem.reason.length).toBeLessThan(1_000);
  for (const warning of result.warnings) expect(warning.length).toBeLessThan(1_000);
}

describe('CSV', BACKSTOP, () => {
  it(`reads any text into records with sound line numbers (${RUNS} cases)`, () => {
    fc.assert(
      fc.property(fc.oneof(rawText, ourCsv), (text) => {
        let line = 1;
        for (const record of parseCsv(text)) {
          expect(record.line).toBeGreaterThanOrEqual(line);
          line = record.line;
        }
      }),
      { numRuns: RUNS },
    );
  });

  it(`reads back what it writes (${RUNS} cases)`, () => {
    const row = fc.array(cell, { minLength: 1, maxLength: 6 }).filter((r) => !(r.length === 1 && r[0] === ''));
    fc.assert(
      fc.property(fc.array(row, { maxLength: 8 }), (rows) => {
        expect(parseCsv(formatCsv(rows)).map((r) => r.fields)).toEqual(rows);
      }),
      { numRuns: RUNS },
    );
  });
});

describe('host imports', BACKSTOP, () => {
  it(`never throw, and leave a valid document that keeps what it held (${RUNS} cases)`, () => {
    const before = existingDocument();
    fc.assert(
      fc.property(fc.oneof(ourCsv, wacCsv, jsonFile, rawText), fc.boolean(), (text, intoExisting) => {
        const start = intoExisting ? before : emptyProfileDocument();
        checkResult(start, importHosts(start, text, ids()));
      }),
      { numRuns: RUNS },
    );
  });

  it(`give the same hosts and folders back after a JSON export (${RUNS / 3} cases)`, () => {
    fc.assert(
      fc.property(ourCsv, (text) => {
        const first = importHosts(emptyProfileDocument(), text, ids());
        const again = importHosts(emptyProfileDocument(), exportHostsJson(first.document), ids());
        expect(again.problems).toEqual([]);
        const described = (doc: ProfileDocument) => doc.hosts.map((h) => [h.name, h.address, h.port, h.transport, h.auth, h.tags, h.notes, folderPath(h.folderId, doc.folders)]);
        expect(described(again.document)).toEqual(described(first.document));
      }),
      { numRuns: RUNS / 3 },
    );
  });
});

describe('1 MB of hostile import files', BACKSTOP, () => {
  it.each(HOST_IMPORT_FILES)('$label: $outcome', ({ make, outcome }) => {
    const result = importHosts(emptyProfileDocument(), asDecoded(make(ONE_MB)), ids());
    checkResult(emptyProfileDocument(), result);
    expect(describeImport(result)).toBe(outcome);
  });
});
