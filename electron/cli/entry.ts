import { runCli } from './run.ts';
import { onInterruptSignals, type InterruptSignal } from './interrupts.ts';

// If something still holds the process this long after the last output was flushed, exit anyway.
const EXIT_GRACE_MS = 2000;

// The process's side of the CLI: everything testable lives in run.ts.
const exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Ctrl-C and SIGTERM while a remote command runs; the handler is told which one arrived.
  onInterrupt: (handler: (signal: InterruptSignal) => void) => onInterruptSignals(handler),
});

// The process ends by itself once nothing holds it: calling process.exit while
// work may be in flight was seen to hang inside Node's shutdown (3 runs in ~40 of a 46 MB NTLM
// output). runCli has closed its sockets and cleared its timers; input we may still be reading is
// let go here. Only if something still holds the process after the grace does it exit outright; that
// timer is unreferenced, so it never keeps the process alive itself.
process.exitCode = exitCode;
process.stdin.destroy();
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
setTimeout(() => process.exit(exitCode), EXIT_GRACE_MS).unref();
