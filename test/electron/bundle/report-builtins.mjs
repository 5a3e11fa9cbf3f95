// Preloaded (`node --import`) into a CLI run by bundled-cli.rig.test.ts: at exit, the built-in
// modules the process loaded go to the file BUILTINS_REPORT names. It loads nothing itself.
import { writeFileSync } from 'node:fs';
import process from 'node:process';

const report = process.env['BUILTINS_REPORT'];
if (report) {
  process.on('exit', () => {
    const builtins = process.moduleLoadList.filter((entry) => entry.startsWith('NativeModule ')).map((entry) => entry.slice('NativeModule '.length));
    writeFileSync(report, JSON.stringify(builtins));
  });
}
