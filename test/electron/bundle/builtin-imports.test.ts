import fs, { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { once } from 'node:events';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { afterAll, describe, expect, it } from 'vitest';
import { importCycle, rewriteBuiltinImports } from '../../../electron/bundle/builtin-imports.ts';

const dir = mkdtempSync(path.join(os.tmpdir(), 'winrm-desk-builtin-imports-'));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

let written = 0;
/** Loads `code` as an ES module of its own and returns its exports. */
async function load(code: string): Promise<Record<string, unknown>> {
  const file = path.join(dir, `m${written++}.mjs`);
  writeFileSync(file, code);
  return (await import(pathToFileURL(file).href)) as Record<string, unknown>;
}

// Every form of import the bundle's chunks use, and what each binding must be.
const MODULE = [
  'import fs from "node:fs";',
  'import { readFileSync, statSync as stat } from "node:fs";',
  'import path, { join } from "node:path";',
  'import * as events from "node:events";',
  'import "node:dns";',
  'import { t as local } from "./elsewhere.js";',
  'export const found = { fs, readFileSync, stat, path, join, once: events.once };',
].join('\n');

describe('rewriteBuiltinImports', () => {
  const rewritten = rewriteBuiltinImports(MODULE);

  it('leaves no static import of a built-in, and every other import as it was', () => {
    expect(rewritten).not.toMatch(/^import .*"node:/m);
    expect(rewritten).toContain('import { t as local } from "./elsewhere.js";');
    expect(rewritten).toContain('process.getBuiltinModule("node:dns");');
  });

  it('binds the same objects the imports bound', async () => {
    const runnable = (code: string) => code.replace('import { t as local } from "./elsewhere.js";\n', '');
    const [before, after] = await Promise.all([load(runnable(MODULE)), load(runnable(rewritten))]);
    expect(after['found']).toEqual(before['found']);
    expect(after['found']).toMatchObject({ readFileSync: fs.readFileSync, stat: fs.statSync, once });
    expect((after['found'] as { fs: unknown }).fs).toBe(fs);
  });

  it('keeps dynamic import() of a built-in', () => {
    const code = 'export const later = () => import("node:readline");';
    expect(rewriteBuiltinImports(code)).toBe(code);
  });

  it('refuses a named import of an export Node loads on first use, which would load it at every start', () => {
    expect(() => rewriteBuiltinImports('import { BlockList } from "node:net";')).toThrow(/BlockList of node:net loads on first use/);
    expect(rewriteBuiltinImports('import net from "node:net";\nnew net.BlockList();')).toBe('const net = process.getBuiltinModule("node:net");\nnew net.BlockList();');
  });

  it('refuses a re-export from a built-in rather than leave a facade behind', () => {
    expect(() => rewriteBuiltinImports('export { readFileSync } from "node:fs";')).toThrow(/re-exports from node:fs/);
    expect(() => rewriteBuiltinImports('export * from "node:fs";')).toThrow(/re-exports from node:fs/);
  });
});

describe('importCycle', () => {
  it('finds chunks that import each other, through any number of steps', () => {
    const chunks = new Map([
      ['a.js', ['b.js', 'node:fs']],
      ['b.js', ['c.js']],
      ['c.js', ['a.js']],
    ]);
    expect(importCycle(chunks)).toEqual(['a.js', 'b.js', 'c.js', 'a.js']);
  });

  it('accepts shared chunks imported from several places without a cycle', () => {
    const chunks = new Map([
      ['cli.js', ['entry.js', 'errors.js']],
      ['entry.js', ['errors.js', 'session.js']],
      ['session.js', ['errors.js', 'undici']],
      ['errors.js', []],
    ]);
    expect(importCycle(chunks)).toBeNull();
  });
});
