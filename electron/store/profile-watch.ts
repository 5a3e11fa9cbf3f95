import { createHash } from 'node:crypto';
import { readFileSync, statSync, watch, type FSWatcher } from 'node:fs';
import { join } from 'node:path';

export interface ProfileWatchOptions {
  readonly dir: string;
  /** File names in `dir` whose content matters (the profiles file, the vault file). */
  readonly files: readonly string[];
  /** Called once per real change of any file's content, after the burst of events settles. */
  readonly onChange: () => void;
  readonly debounceMs?: number;
  /** The stat poll that catches what fs.watch misses (network drives, some editors, a watcher that failed). */
  readonly pollMs?: number;
}

type Seen = { readonly stat: string; readonly hash: string };

/**
 * Tells when the data files really changed, whoever changed them (this app, the CLI, an editor).
 * fs.watch on the directory sees renames (our writes and conf's are temp file + rename, so a watch
 * on the file itself would lose track of it); a slow stat poll backs it up. An event alone is not a
 * change: the content is hashed, and only a different hash counts.
 */
export class ProfileWatch {
  readonly #options: ProfileWatchOptions;
  readonly #seen = new Map<string, Seen>();
  #watcher: FSWatcher | null = null;
  #debounce: NodeJS.Timeout | null = null;
  readonly #poll: NodeJS.Timeout;

  constructor(options: ProfileWatchOptions) {
    this.#options = options;
    for (const name of options.files) this.#seen.set(name, this.#look(name, undefined));
    try {
      this.#watcher = watch(options.dir, { persistent: false }, (_event, name) => {
        if (name === null || options.files.some((f) => name.startsWith(f))) this.#soon();
      });
      this.#watcher.on('error', () => this.#stopWatcher());
    } catch {
      // No watcher (inotify limits, an unsupported file system): the poll alone keeps the app current.
      this.#watcher = null;
    }
    this.#poll = setInterval(() => this.check(), options.pollMs ?? 2_000).unref();
  }

  /** Compares the files with what was seen last and reports a change at once; true if there was one. */
  check(): boolean {
    let changed = false;
    for (const name of this.#options.files) {
      const before = this.#seen.get(name);
      const now = this.#look(name, before);
      this.#seen.set(name, now);
      if (now.hash !== before?.hash) changed = true;
    }
    if (changed) this.#options.onChange();
    return changed;
  }

  dispose(): void {
    this.#stopWatcher();
    clearInterval(this.#poll);
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = null;
  }

  #soon(): void {
    if (this.#debounce) clearTimeout(this.#debounce);
    this.#debounce = setTimeout(() => {
      this.#debounce = null;
      this.check();
    }, this.#options.debounceMs ?? 100).unref();
  }

  #stopWatcher(): void {
    this.#watcher?.close();
    this.#watcher = null;
  }

  // The hash is recomputed only when size, mtime or inode moved, so the poll costs a stat per file.
  #look(name: string, before: Seen | undefined): Seen {
    const path = join(this.#options.dir, name);
    try {
      const stat = statSync(path);
      const key = `${stat.ino}:${stat.size}:${stat.mtimeMs}`;
      if (before?.stat === key) return before;
      return { stat: key, hash: createHash('sha256').update(readFileSync(path)).digest('hex') };
    } catch {
      // Missing (not written yet) or mid-rename: both read as "absent" until the next look.
      return { stat: 'absent', hash: 'absent' };
    }
  }
}
