import { existsSync, readdirSync, statSync } from 'node:fs';
import path from 'node:path';

// Which of our CLIs the bench runs: the bundle `npm run build` writes (out/main/cli.js, what
// electron/bin/winrm-desk.js runs once built) when it is newer than every source file, else the
// TypeScript sources (Node 24 strips the types as it loads them). A stale bundle would measure code
// that is no longer there, so it is never used silently.

const ROOT = path.resolve(import.meta.dirname, '../..');
export const BUNDLED_CLI = path.join(ROOT, 'out/main/cli.js');
export const SOURCE_CLI = path.join(ROOT, 'electron/cli.ts');
const SOURCE_DIRS = ['electron', 'shared'].map((d) => path.join(ROOT, d));
// How the bundle is made is a source of it too (electron/bundle/ holds the plugins it uses).
const BUILD_CONFIG = path.join(ROOT, 'electron.vite.config.ts');

export interface CliEntry {
  readonly kind: 'bundled' | 'sources';
  readonly argv: readonly string[];
  /** Why this one (e.g. "out/main/cli.js is older than electron/x.ts"). */
  readonly why: string;
}

function newestSource(): { file: string; mtimeMs: number } {
  let newest = { file: BUILD_CONFIG, mtimeMs: statSync(BUILD_CONFIG).mtimeMs };
  for (const dir of SOURCE_DIRS) {
    for (const entry of readdirSync(dir, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || !/\.(ts|tsx|js|mjs|cjs)$/.test(entry.name)) continue;
      const file = path.join(entry.parentPath, entry.name);
      const { mtimeMs } = statSync(file);
      if (mtimeMs > newest.mtimeMs) newest = { file, mtimeMs };
    }
  }
  return newest;
}

export const sourceCli = (): CliEntry => ({ kind: 'sources', argv: [process.execPath, SOURCE_CLI], why: 'TypeScript sources' });
export const bundledCli = (): CliEntry => ({ kind: 'bundled', argv: [process.execPath, BUNDLED_CLI], why: 'out/main/cli.js' });

/** The bundle when it exists and is fresh; `BENCH_CLI=sources|bundled` forces one. */
export function chooseCli(forced: string | undefined): CliEntry {
  if (forced === 'sources') return { ...sourceCli(), why: 'BENCH_CLI=sources' };
  if (forced === 'bundled') {
    if (!existsSync(BUNDLED_CLI)) throw new Error('BENCH_CLI=bundled but out/main/cli.js does not exist: run `npm run build` first.');
    return { ...bundledCli(), why: 'BENCH_CLI=bundled' };
  }
  if (forced !== undefined && forced !== '') throw new Error(`BENCH_CLI="${forced}": expected sources or bundled.`);
  if (!existsSync(BUNDLED_CLI)) return { ...sourceCli(), why: 'no out/main/cli.js (run `npm run build` to bench the bundle)' };
  const built = statSync(BUNDLED_CLI).mtimeMs;
  const newest = newestSource();
  if (newest.mtimeMs > built) return { ...sourceCli(), why: `out/main/cli.js is older than ${path.relative(ROOT, newest.file)} (run \`npm run build\` to bench the bundle)` };
  return { ...bundledCli(), why: 'out/main/cli.js, newer than every source file' };
}

export function bundleExists(): boolean {
  return existsSync(BUNDLED_CLI);
}

/** Why the bundle may not be the code checked out (a source file newer than it), or null. */
export function bundleStaleness(): string | null {
  if (!existsSync(BUNDLED_CLI)) return null;
  const newest = newestSource();
  return newest.mtimeMs > statSync(BUNDLED_CLI).mtimeMs ? `out/main/cli.js is older than ${path.relative(ROOT, newest.file)}: run \`npm run build\` for the code checked out` : null;
}
