import Conf from 'conf';
import { copyFileSync, existsSync, mkdirSync, readFileSync, renameSync, constants as fsConstants } from 'node:fs';
import { basename } from 'node:path';
import { DeskError } from '../../shared/errors.ts';
import { JsonTooDeepError, parseJsonWithin } from '../../shared/json-depth.ts';

/** A damaged file that was set aside: reported to the user, never silently dropped. */
export interface StoreProblem {
  readonly code: 'STORE_CORRUPT';
  readonly file: string;
  /** Where the damaged bytes now are, or null when the file was missing (nothing to keep). */
  readonly movedTo: string | null;
  readonly reason: string;
}

export interface LoadReport {
  readonly problems: readonly StoreProblem[];
  /** `backup`: the main file was unusable and the last good copy was loaded (and written back). */
  readonly recoveredFrom: 'backup' | null;
  readonly migratedFrom: number | null;
  /** A copy of the file as it was before a migration rewrote it, for a downgrade or an audit. */
  readonly preMigrationCopy: string | null;
}

export type FileRead<T> = { readonly ok: true; readonly value: T; readonly migratedFrom: number | null } | { readonly ok: false; readonly reason: string; readonly newerVersion?: number };

export interface VersionedFileOptions<T> {
  readonly dir: string;
  /** File name without `.json`; the backup is `<name>.json.bak`. */
  readonly name: string;
  /** Parses, migrates and validates; pure, so the same check guards reads and writes. */
  readonly read: (raw: unknown) => FileRead<T>;
  /**
   * `previous`: the backup holds the last good file before this write (a bad edit can be undone).
   * `latest`: it holds the same content as the file (the vault: an old copy would keep removed
   * secrets, or secrets under a replaced master password, on disk).
   */
  readonly backup: 'previous' | 'latest';
}

type FileState<T> = { kind: 'missing' } | { kind: 'ok'; value: T; migratedFrom: number | null } | { kind: 'bad'; reason: string } | { kind: 'newer'; reason: string };

const utf8 = new TextDecoder('utf-8', { fatal: true });
/** A saved file nests under ten levels; anything far deeper was not written by this app. */
const STORE_JSON_DEPTH = 64;

function stamp(): string {
  // Colons are not allowed in Windows file names.
  return new Date().toISOString().replace(/[:.]/g, '-');
}

function io<T>(what: string, action: () => T): T {
  try {
    return action();
  } catch (error) {
    if (error instanceof DeskError) throw error;
    const code = (error as NodeJS.ErrnoException).code ?? (error as Error).name;
    throw new DeskError('STORE_IO', `Cannot ${what} (${code}).`);
  }
}

function serialize(value: unknown): string {
  return `${JSON.stringify(value, null, 2)}\n`;
}

export interface JsonFileWriter {
  readonly path: string;
  write(value: Record<string, unknown>): void;
}

export interface JsonWriterOptions {
  readonly dir: string;
  readonly name: string;
  readonly extension: string;
  readonly serialize: (value: Record<string, unknown>) => string;
}

export type JsonWriterFactory = (options: JsonWriterOptions) => JsonFileWriter;

// conf is used only to write; its reader is bypassed (see VersionedJsonFile), hence a no-op one.
const confWriter: JsonWriterFactory = ({ dir, name, extension, serialize: toText }) => {
  const conf = new Conf<Record<string, unknown>>({ cwd: dir, configName: name, fileExtension: extension, configFileMode: 0o600, clearInvalidConfig: false, accessPropertiesByDotNotation: false, serialize: toText, deserialize: () => ({}) });
  return { path: conf.path, write: (value) => (conf.store = value) };
};

let writerFactory: JsonWriterFactory = confWriter;

/**
 * Chooses how every store file is written, once, at start: the app passes electron-store (conf under
 * Electron's data paths), the CLI and tests keep plain conf. Both write atomically the same way.
 */
export function useJsonWriter(factory: JsonWriterFactory): void {
  writerFactory = factory;
}

/**
 * One JSON file with a schema version, a backup and recovery. Writes go through `conf` (temporary
 * file, fsync, rename; retries Windows' transient EPERM/EBUSY from virus scanners). Reads do not:
 * conf can only throw on, or clear, a damaged file, and this one must set it aside, say so, and load
 * the last good copy instead.
 */
export class VersionedJsonFile<T> {
  readonly path: string;
  readonly backupPath: string;
  readonly #options: VersionedFileOptions<T>;
  readonly #main: JsonFileWriter;
  readonly #backup: JsonFileWriter;

  constructor(options: VersionedFileOptions<T>) {
    this.#options = options;
    io(`create the data directory ${options.dir}`, () => mkdirSync(options.dir, { recursive: true, mode: 0o700 }));
    const writer = (name: string, extension: string) => io(`open ${name}.${extension}`, () => writerFactory({ dir: options.dir, name, extension, serialize }));
    this.#main = writer(options.name, 'json');
    this.#backup = writer(`${options.name}.json`, 'bak');
    this.path = this.#main.path;
    this.backupPath = this.#backup.path;
  }

  #state(path: string): FileState<T> {
    if (!existsSync(path)) return { kind: 'missing' };
    const bytes = io(`read ${basename(path)}`, () => readFileSync(path));
    if (bytes.length === 0) return { kind: 'bad', reason: 'the file is empty' };
    let raw: unknown;
    try {
      raw = parseJsonWithin(utf8.decode(bytes).replace(/^\uFEFF/, ''), STORE_JSON_DEPTH);
    } catch (error) {
      if (error instanceof JsonTooDeepError) return { kind: 'bad', reason: `the file nests deeper than ${error.maxDepth} levels, which no saved file does` };
      return { kind: 'bad', reason: error instanceof SyntaxError ? 'the file is not valid JSON (truncated or edited by hand?)' : 'the file is not UTF-8 text' };
    }
    const read = this.#options.read(raw);
    if (read.ok) return { kind: 'ok', value: read.value, migratedFrom: read.migratedFrom };
    return read.newerVersion === undefined ? { kind: 'bad', reason: read.reason } : { kind: 'newer', reason: read.reason };
  }

  #setAside(path: string, reason: string): StoreProblem {
    const base = `${path}.corrupt-${stamp()}`;
    let target = base;
    for (let n = 1; existsSync(target); n++) target = `${base}-${n}`;
    io(`set aside ${basename(path)}`, () => renameSync(path, target));
    return { code: 'STORE_CORRUPT', file: path, movedTo: target, reason };
  }

  #refuseNewer(reason: string): never {
    throw new DeskError('NOT_SUPPORTED', `${basename(this.path)}: ${reason}. Nothing was changed; use that build or a newer one.`);
  }

  #writeMain(value: T): void {
    io(`write ${basename(this.path)}`, () => {
      this.#main.write(value as Record<string, unknown>);
    });
  }

  #writeBackup(value: T): void {
    io(`write ${basename(this.backupPath)}`, () => {
      this.#backup.write(value as Record<string, unknown>);
    });
  }

  /**
   * The current value, or null when there is none yet. A damaged file is moved to
   * `<file>.corrupt-<time>` and reported, then the backup is loaded and written back as the file.
   * A file from a newer build is refused untouched (NOT_SUPPORTED): rewriting it would lose data.
   */
  load(): { value: T | null; report: LoadReport } {
    const problems: StoreProblem[] = [];
    const main = this.#state(this.path);
    if (main.kind === 'newer') this.#refuseNewer(main.reason);
    if (main.kind === 'ok') {
      if (main.migratedFrom === null) return { value: main.value, report: { problems, recoveredFrom: null, migratedFrom: null, preMigrationCopy: null } };
      const copy = `${this.path}.v${main.migratedFrom}-${stamp()}`;
      io(`keep a copy of ${basename(this.path)} before migrating it`, () => copyFileSync(this.path, copy, fsConstants.COPYFILE_EXCL));
      problems.push(...this.save(main.value));
      return { value: main.value, report: { problems, recoveredFrom: null, migratedFrom: main.migratedFrom, preMigrationCopy: copy } };
    }
    if (main.kind === 'bad') problems.push(this.#setAside(this.path, main.reason));

    const backup = this.#state(this.backupPath);
    if (backup.kind === 'newer') this.#refuseNewer(backup.reason);
    if (backup.kind === 'bad') problems.push(this.#setAside(this.backupPath, `backup: ${backup.reason}`));
    if (backup.kind !== 'ok') return { value: null, report: { problems, recoveredFrom: null, migratedFrom: null, preMigrationCopy: null } };
    if (main.kind === 'missing') problems.push({ code: 'STORE_CORRUPT', file: this.path, movedTo: null, reason: 'the file is missing; its backup was restored' });
    this.#writeMain(backup.value);
    return { value: backup.value, report: { problems, recoveredFrom: 'backup', migratedFrom: backup.migratedFrom, preMigrationCopy: null } };
  }

  /**
   * Writes `value` atomically. The value is checked with the same reader first: this never writes a
   * file it could not load back. A file found damaged at this point (edited since it was loaded) is
   * set aside rather than overwritten, and returned as a problem.
   */
  save(value: T): StoreProblem[] {
    const checked = this.#options.read(JSON.parse(serialize(value)));
    if (!checked.ok) throw new DeskError('INTERNAL', `Refusing to write ${basename(this.path)}: ${checked.reason}`);
    const problems: StoreProblem[] = [];
    const current = this.#state(this.path);
    if (current.kind === 'newer') this.#refuseNewer(current.reason);
    if (current.kind === 'bad') problems.push(this.#setAside(this.path, current.reason));
    if (this.#options.backup === 'previous' && current.kind === 'ok') this.#writeBackup(current.value);
    this.#writeMain(value);
    if (this.#options.backup === 'latest') this.#writeBackup(value);
    return problems;
  }
}
