import { z } from 'zod';
import { VersionedJsonFile, type FileRead } from './versioned-file.ts';

// Enough to find last week's command; small enough that the file stays a few hundred KiB.
const MAX_LINES_PER_HOST = 500;
const MAX_HOSTS = 2000;
// An atomic write costs milliseconds of main's time: a burst of pasted lines is saved once.
const SAVE_DELAY_MS = 500;

const historySchema = z.object({
  version: z.literal(1),
  hosts: z.record(z.string().max(80), z.array(z.string().max(8192)).max(MAX_LINES_PER_HOST)),
});
type HistoryDocument = z.output<typeof historySchema>;

function read(raw: unknown): FileRead<HistoryDocument> {
  const parsed = historySchema.safeParse(raw);
  return parsed.success ? { ok: true, value: parsed.data, migratedFrom: null } : { ok: false, reason: 'not a shell history file' };
}

/**
 * The lines typed in shell tabs, per host, kept across restarts (the tab's line editor decides what
 * is recorded: a line that starts with a space never is). Stored beside the profiles, written atomically.
 */
export class ShellHistory {
  readonly #file: VersionedJsonFile<HistoryDocument>;
  readonly #saveDelayMs: number;
  #doc: HistoryDocument;
  #timer: NodeJS.Timeout | null = null;

  constructor(dir: string, options: { readonly saveDelayMs?: number } = {}) {
    this.#saveDelayMs = options.saveDelayMs ?? SAVE_DELAY_MS;
    this.#file = new VersionedJsonFile({ dir, name: 'shell-history', read, backup: 'previous' });
    this.#doc = this.#file.load().value ?? { version: 1, hosts: {} };
  }

  list(hostId: string): string[] {
    return [...(this.#doc.hosts[hostId] ?? [])];
  }

  add(hostId: string, line: string): void {
    const lines = this.#doc.hosts[hostId] ?? [];
    if (lines.at(-1) === line) return;
    const next = [...lines, line].slice(-MAX_LINES_PER_HOST);
    const hosts = { ...this.#doc.hosts, [hostId]: next };
    const ids = Object.keys(hosts);
    // The least recently added-to hosts go first when there are too many (insertion order).
    if (ids.length > MAX_HOSTS) for (const id of ids.slice(0, ids.length - MAX_HOSTS)) delete hosts[id];
    delete hosts[hostId];
    hosts[hostId] = next;
    this.#doc = { version: 1, hosts };
    if (this.#saveDelayMs === 0) return this.flush();
    this.#timer ??= setTimeout(() => this.flush(), this.#saveDelayMs);
    this.#timer.unref();
  }

  /** Writes what is not saved yet (also when the app quits). */
  flush(): void {
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = null;
    this.#file.save(this.#doc);
  }
}
