#!/usr/bin/env node
// Runs the bundled CLI when the app was built (installed packages), else the TypeScript source
// directly (a checkout, on Node 24 which strips types). node:fs by getBuiltinModule: an ES import of
// it would build its ES facade first, a cost on every start (electron/bundle/builtin-imports.ts).
const { existsSync } = process.getBuiltinModule('node:fs');

const built = new URL('../../out/main/cli.js', import.meta.url);
await import(existsSync(built) ? built.href : new URL('../cli.ts', import.meta.url).href);
