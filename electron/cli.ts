import { runCli } from './cli/run.ts';
import { detachWhenExitSignalListeners, onTerminationSignals, type TerminationSignal } from './store/process-signals.ts';

// The store's dependencies hook SIGINT, SIGTERM and more on import, re-sending each signal (see
// store/process-signals.ts): without their listeners, a signal with no handler of ours takes Node's
// default action, and one with a handler reaches it exactly once.
detachWhenExitSignalListeners();

// If something still holds the process this long after the last output was flushed, exit anyway.
const EXIT_GRACE_MS = 2000;

// Thin entry point: everything testable lives in cli/run.ts.
const exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Ctrl-C and SIGTERM while a remote command runs; the handler is told which one arrived.
  onInterrupt: (handler: (signal: TerminationSignal) => void) => onTerminationSignals(handler),
});

// The process ends by itself once nothing holds it (issue 11, item 10): calling process.exit while
// work may be in flight was seen to hang inside Node's shutdown (3 runs in ~40 of a 46 MB NTLM
// output). runCli has closed its sockets and cleared its timers; input we may still be reading is
// let go here. Only if something still holds the process after the grace does it exit outright; that
// timer is unreferenced, so it never keeps the process alive itself.
process.exitCode = exitCode;
process.stdin.destroy();
const flushed = (stream: NodeJS.WriteStream) => new Promise<void>((resolve) => stream.write('', () => resolve()));
await Promise.all([flushed(process.stdout), flushed(process.stderr)]);
setTimeout(() => process.exit(exitCode), EXIT_GRACE_MS).unref();
