import { runCli } from './cli/run.ts';
import { detachWhenExitSignalListeners, onTerminationSignals, type TerminationSignal } from './store/process-signals.ts';

// The store's dependencies hook SIGINT, SIGTERM and more on import, re-sending each signal (see
// store/process-signals.ts): without their listeners, a signal with no handler of ours takes Node's
// default action, and one with a handler reaches it exactly once.
detachWhenExitSignalListeners();

// Thin entry point: everything testable lives in cli/run.ts.
const exitCode = await runCli(process.argv.slice(2), {
  stdin: process.stdin,
  stdout: process.stdout,
  stderr: process.stderr,
  env: process.env,
  // Ctrl-C and SIGTERM while a remote command runs; the handler is told which one arrived.
  onInterrupt: (handler: (signal: TerminationSignal) => void) => onTerminationSignals(handler),
});
process.stdout.write('', () => process.exit(exitCode));
