#!/usr/bin/env node
// Runs the bundled CLI when the app was built (installed packages), else the TypeScript source
// directly (a checkout, on Node 24 which strips types).
import { existsSync } from 'node:fs';

const built = new URL('../../out/main/cli.js', import.meta.url);
await import(existsSync(built) ? built.href : new URL('../cli.ts', import.meta.url).href);
