import { z } from 'zod';

import { JsonTooDeepError, parseJsonWithin } from '../json-depth.ts';
import { parseCsv } from './csv.ts';
import { folderFinder, parseFolderPath, type FoundFolder } from './folder-paths.ts';
import { hostProfileSchema, type HostProfile } from './host-profile.ts';
import { hostsFileSchema } from './host-export.ts';
import type { ProfileDocument } from './profile-document.ts';
import { describeIssues } from './schema-issues.ts';

export type IdKind = 'h' | 'f';

export interface ImportProblem {
  /** `line 12` for CSV, `hosts[3]` for JSON, `file` for the file as a whole. */
  readonly where: string;
  readonly line?: number;
  readonly reason: string;
}

export interface HostImportResult {
  readonly document: ProfileDocument;
  readonly added: readonly HostProfile[];
  readonly createdFolders: number;
  readonly problems: readonly ImportProblem[];
  readonly warnings: readonly string[];
  readonly format: 'csv' | 'wac-csv' | 'json';
}

interface Candidate {
  readonly where: string;
  readonly line?: number;
  readonly host: Record<string, unknown>;
  readonly folder: string;
  /** Why the entry was rejected before it got this far (a JSON entry that failed its schema). */
  readonly invalid?: string;
}

// Windows Admin Center's import format (`name,type,tags,groupId`); these types are Windows machines
// reachable over WinRM. groupId only marks WAC's shared connections, so it has no meaning here.
/** A hosts file nests five levels (file, hosts, host, tags); far deeper is not one. */
const HOSTS_FILE_JSON_DEPTH = 64;
const WAC_TYPES = new Set(['server', 'windows-client', 'cluster', 'hyper-converged-cluster'].map((t) => `msft.sme.connection-type.${t}`));
const OUR_COLUMNS = ['name', 'address', 'port', 'transport', 'auth', 'folder', 'tags', 'notes'] as const;

// Exports prefix a quote to cells a spreadsheet would run as a formula; take it off on the way back.
export function unescapeCell(value: string): string {
  return /^'[=+\-@]/.test(value) ? value.slice(1) : value;
}

const clip = (value: string) => (value.length > 40 ? `${value.slice(0, 40)}…` : value);
const splitTags = (value: string) => [...new Set(value.split('|').map((t) => t.trim()).filter(Boolean))];

function csvCandidates(text: string, problems: ImportProblem[], warnings: string[]): { format: 'csv' | 'wac-csv'; candidates: Candidate[] } {
  const [header, ...rows] = parseCsv(text);
  if (!header) return { format: 'csv', candidates: [] };
  if (header.error) {
    problems.push({ where: `line ${header.line}`, line: header.line, reason: `the header is malformed: ${header.error}` });
    return { format: 'csv', candidates: [] };
  }
  const names = header.fields.map((f) => f.trim().toLowerCase());
  const column = new Map(names.map((name, index) => [name, index]));
  const wac = !column.has('address') && column.has('type') && column.has('name');
  if (!column.has('name')) {
    problems.push({ where: `line ${header.line}`, line: header.line, reason: 'the header has no "name" column (expected name,address,port,transport,auth,folder,tags or name,type,tags,groupId)' });
    return { format: 'csv', candidates: [] };
  }
  const known: readonly string[] = wac ? ['name', 'type', 'tags', 'groupid'] : OUR_COLUMNS;
  const ignored = names.filter((n) => !known.includes(n));
  if (ignored.length) warnings.push(`Ignored column(s): ${ignored.slice(0, 10).map((n) => `"${clip(n)}"`).join(', ')}${ignored.length > 10 ? ` and ${ignored.length - 10} more` : ''}`);

  const candidates: Candidate[] = [];
  for (const record of rows) {
    const where = `line ${record.line}`;
    if (record.error) {
      problems.push({ where, line: record.line, reason: record.error });
      continue;
    }
    if (record.fields.length > names.length && record.fields.slice(names.length).some((f) => f !== '')) {
      problems.push({ where, line: record.line, reason: `${record.fields.length} fields where the header has ${names.length}` });
      continue;
    }
    const cell = (name: string) => {
      const index = column.get(name);
      return index === undefined ? '' : unescapeCell((record.fields[index] ?? '').trim());
    };
    if (wac) {
      const type = cell('type').toLowerCase();
      if (!WAC_TYPES.has(type)) {
        problems.push({ where, line: record.line, reason: `connection type "${clip(type)}" is not a Windows host reachable over WinRM` });
        continue;
      }
      candidates.push({ where, line: record.line, folder: '', host: { name: cell('name'), address: cell('name'), tags: splitTags(cell('tags')) } });
      continue;
    }
    const port = cell('port');
    if (port !== '' && !/^\d{1,5}$/.test(port)) {
      problems.push({ where, line: record.line, reason: `port "${clip(port)}" is not a whole number` });
      continue;
    }
    const optional = (key: string, value: string | number | undefined) => (value === '' || value === undefined ? {} : { [key]: value });
    candidates.push({
      where,
      line: record.line,
      folder: cell('folder'),
      host: {
        name: cell('name'),
        // Host names are usually the address; a sheet that lists only names still imports.
        address: cell('address') || cell('name'),
        ...optional('port', port === '' ? undefined : Number(port)),
        ...optional('transport', cell('transport').toLowerCase()),
        ...optional('auth', cell('auth').toLowerCase()),
        tags: splitTags(cell('tags')),
        notes: cell('notes'),
      },
    });
  }
  return { format: wac ? 'wac-csv' : 'csv', candidates };
}

type FindFolder = (segments: readonly string[]) => FoundFolder;

function jsonCandidates(text: string, findFolder: FindFolder, problems: ImportProblem[], warnings: string[]): { candidates: Candidate[]; created: number } {
  let raw: unknown;
  try {
    raw = parseJsonWithin(text.replace(/^\uFEFF/, ''), HOSTS_FILE_JSON_DEPTH);
  } catch (error) {
    problems.push({ where: 'file', reason: error instanceof JsonTooDeepError ? `not a WinRM Desk hosts file: it nests deeper than ${error.maxDepth} levels` : 'not valid JSON' });
    return { candidates: [], created: 0 };
  }
  const envelope = z.looseObject({ format: z.literal(hostsFileSchema.shape.format.value), version: z.literal(1), folders: z.array(z.unknown()).default([]), hosts: z.array(z.unknown()) }).safeParse(raw);
  if (!envelope.success) {
    problems.push({ where: 'file', reason: `not a WinRM Desk hosts file: ${describeIssues(envelope.error)}` });
    return { candidates: [], created: 0 };
  }
  let created = 0;
  envelope.data.folders.forEach((entry, index) => {
    const folder = hostsFileSchema.shape.folders.element.safeParse(entry);
    if (!folder.success) return problems.push({ where: `folders[${index}]`, reason: describeIssues(folder.error) });
    try {
      const found = findFolder(parseFolderPath(folder.data.path));
      created += found.created;
      if (!found.folder) return;
      // Defaults land only on a folder this entry made (the leaf is new exactly when something was
      // made): existing folders keep what the user set.
      if (found.created > 0) found.folder.defaults = folder.data.defaults;
      else if (Object.keys(folder.data.defaults).length) warnings.push(`Folder "${clip(folder.data.path)}" already exists; its defaults were kept`);
    } catch (error) {
      problems.push({ where: `folders[${index}]`, reason: (error as Error).message });
    }
  });
  const candidates = envelope.data.hosts.map((entry, index): Candidate => {
    const where = `hosts[${index}]`;
    const parsed = hostsFileSchema.shape.hosts.element.safeParse(entry);
    if (!parsed.success) return { where, folder: '', host: {}, invalid: describeIssues(parsed.error) };
    const { folder, ...host } = parsed.data;
    return { where, folder: folder ?? '', host };
  });
  return { candidates, created };
}

/**
 * Adds the hosts a CSV (ours or Windows Admin Center's) or JSON export describes. Each bad row is
 * reported with its line (or entry) and the reason, and every good row is kept; names already in the
 * store, or earlier in the file, are reported rather than overwritten. Pure: returns a new document.
 */
export function importHosts(document: ProfileDocument, text: string, newId: (kind: IdKind) => string): HostImportResult {
  const problems: ImportProblem[] = [];
  const warnings: string[] = [];
  const folders = document.folders.map((f) => ({ ...f }));
  const findFolder = folderFinder(folders, () => newId('f'));
  const isJson = text.replace(/^\uFEFF/, '').trimStart().startsWith('{');
  let format: HostImportResult['format'] = 'json';
  let candidates: Candidate[];
  let createdFolders = 0;
  if (isJson) {
    ({ candidates, created: createdFolders } = jsonCandidates(text, findFolder, problems, warnings));
  } else {
    ({ format, candidates } = csvCandidates(text, problems, warnings));
  }

  const taken = new Map(document.hosts.map((h) => [h.name.toLowerCase(), 'the store']));
  const added: HostProfile[] = [];
  for (const candidate of candidates) {
    const report = (reason: string) => problems.push({ where: candidate.where, ...(candidate.line === undefined ? {} : { line: candidate.line }), reason });
    if (candidate.invalid !== undefined) {
      report(candidate.invalid);
      continue;
    }
    const parsed = hostProfileSchema.safeParse({ ...candidate.host, id: newId('h') });
    if (!parsed.success) {
      report(describeIssues(parsed.error));
      continue;
    }
    const host = parsed.data;
    const clash = taken.get(host.name.toLowerCase());
    if (clash) {
      report(`a host named "${clip(host.name)}" is already in ${clash}`);
      continue;
    }
    let segments: string[];
    try {
      segments = parseFolderPath(candidate.folder);
    } catch (error) {
      report((error as Error).message);
      continue;
    }
    const found = findFolder(segments);
    createdFolders += found.created;
    taken.set(host.name.toLowerCase(), candidate.where);
    added.push(found.folder === undefined ? host : { ...host, folderId: found.folder.id });
  }
  return { document: { ...document, folders, hosts: [...document.hosts, ...added] }, added, createdFolders, problems, warnings, format };
}
