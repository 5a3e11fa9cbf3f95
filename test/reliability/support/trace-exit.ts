import { writeSync } from 'node:fs';

// Loaded with `node --import` into the command line under test: says on stderr when something calls
// process.exit, which the command line must not do while it ends normally (issue 11, item 10).
const exit = process.exit.bind(process);
process.exit = ((code?: number | string | null) => {
  writeSync(2, `[trace] process.exit(${String(code)})\n`);
  return exit(code);
}) as typeof process.exit;
