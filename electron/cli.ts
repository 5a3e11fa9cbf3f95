import { runCli } from './cli/run.ts';

// Thin entry point: everything testable lives in cli/run.ts.
const exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  onInterrupt: (handler) => {
    process.on('SIGINT', handler);
    return () => process.off('SIGINT', handler);
  },
});
process.stdout.write('', () => process.exit(exitCode));
