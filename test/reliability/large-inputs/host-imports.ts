import { importHosts, type HostImportResult, type IdKind } from '../../../shared/domain/host-import.ts';
import { emptyProfileDocument } from '../../../shared/domain/profile-document.ts';
import { asDecoded, type LargeInput } from '../outside-input.ts';

// Large hostile host import files (our CSV, Windows Admin Center's CSV, our JSON export): what an
// import of each gives is checked by test/reliability/host-imports.test.ts, how its time grows with
// its size by the bench (case L).

export interface ImportFile {
  readonly label: string;
  /** What an import into an empty document gives (describeImport). */
  readonly outcome: string;
  /** The file's text, of about `bytes`. */
  make(bytes: number): string;
}

/** A short account of an import, to compare. */
export function describeImport(result: HostImportResult): string {
  return `${result.format}: ${result.added.length} added, ${result.createdFolders} folders, ${result.problems.length} problems`;
}

/** Ids as the store makes them, counted from 1 for each import. */
function freshIds(): (kind: IdKind) => string {
  let made = 0;
  return (kind) => `${kind}_large${String(++made).padStart(8, '0')}`;
}

const header = 'name,address,port,transport,auth,folder,tags,notes\r\n';
const realistic = (count: number) =>
  Array.from({ length: count }, (_, i) => `web${i}.corp.example,10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255},5986,https,negotiate,Prod/Site${i % 50},web|iis,\r\n`).join('');
const file = (label: string, outcome: string, make: (n: number) => string): ImportFile => ({ label, outcome, make });

export const HOST_IMPORT_FILES: readonly ImportFile[] = [
  file('line feeds', 'csv: 0 added, 0 folders, 0 problems', (n) => `name\n${'\n'.repeat(n)}`),
  file('carriage returns', 'csv: 0 added, 0 folders, 0 problems', (n) => `name\r${'\r'.repeat(n)}`),
  file('quotes', 'csv: 0 added, 0 folders, 1 problems', (n) => '"'.repeat(n)),
  file('a quote that never closes', 'csv: 0 added, 0 folders, 1 problems', (n) => `${header}"${'x\r\n'.repeat(n / 3)}`),
  file('a quoted field of doubled quotes', 'csv: 0 added, 0 folders, 1 problems', (n) => `${header}"${'""'.repeat(n / 2)}"\r\n`),
  file('text after closing quotes', 'csv: 0 added, 0 folders, 174762 problems', (n) => `${header}${'"x"y\r\n'.repeat(n / 6)}`),
  file('a header of a million columns', 'csv: 0 added, 0 folders, 1 problems', (n) => ','.repeat(n)),
  file('a header of a million named columns', 'csv: 0 added, 0 folders, 0 problems', (n) => `name,${'c,'.repeat(n / 2)}`),
  file('a row of a million fields', 'csv: 0 added, 0 folders, 1 problems', (n) => `${header}${','.repeat(n)}`),
  file('a folder path a million levels deep', 'csv: 0 added, 0 folders, 1 problems', (n) => `${header}web01,web01.corp,,,,${'a/'.repeat(n / 2)}a,,\r\n`),
  file('a million tags', 'csv: 1 added, 0 folders, 0 problems', (n) => `${header}web01,web01.corp,,,,,${'t|'.repeat(n / 2)},\r\n`),
  file('one name repeated', 'csv: 1 added, 0 folders, 43689 problems', (n) => `${header}${'web01,web01.corp,,,,,,\r\n'.repeat(n / 24)}`),
  file('a new folder for every row', 'csv: 26214 added, 26214 folders, 0 problems', (n) => `name,address,folder\r\n${Array.from({ length: n / 40 }, (_, i) => `host${i},h${i}.corp,Site${i}\r\n`).join('')}`),
  file('realistic rows', 'csv: 13981 added, 51 folders, 0 problems', (n) => header + realistic(n / 75)),
  file('a WAC file of bad types', 'wac-csv: 0 added, 0 folders, 26214 problems', (n) => `name,type,tags,groupId\r\n${'web01,msft.sme.connection-type.other,,\r\n'.repeat(n / 40)}`),
  file('JSON nesting', 'json: 0 added, 0 folders, 1 problems', (n) => `{"format":"winrm-desk-hosts","version":1,"hosts":${'['.repeat(n / 2)}${']'.repeat(n / 2)}}`),
  file('JSON folders in one deep chain', 'json: 0 added, 64 folders, 0 problems', (n) => JSON.stringify({ format: 'winrm-desk-hosts', version: 1, folders: Array.from({ length: 64 }, (_, i) => ({ path: Array.from({ length: i + 1 }, () => 'f').join('/') })), hosts: [] }) + ' '.repeat(n)),
  file('JSON of many bad hosts', 'json: 0 added, 0 folders, 52428 problems', (n) => JSON.stringify({ format: 'winrm-desk-hosts', version: 1, hosts: Array.from({ length: n / 20 }, () => ({ name: 1 })) })),
  file('truncated JSON', 'json: 0 added, 0 folders, 1 problems', (n) => `{"format":"winrm-desk-hosts","version":1,"hosts":[${'{"name":"a","address":"b"},'.repeat(n / 27)}`),
];

export const HOST_IMPORT_LARGE_INPUTS: readonly LargeInput[] = HOST_IMPORT_FILES.map(({ label, outcome, make }) => ({
  label,
  outcome,
  build: (bytes) => {
    const text = asDecoded(make(bytes));
    return { size: text.length, read: () => describeImport(importHosts(emptyProfileDocument(), text, freshIds())) };
  },
}));
