// Loaded first so that the chain conf → atomically → when-exit has hooked the process before we look.
import 'conf';
import { listenForTermination, type TerminationSignal } from '../termination-signals.ts';

/**
 * conf writes through `atomically`, which registers its temp-file clean-up with `when-exit`. On
 * import, when-exit puts a `process.once` listener on SIGINT, SIGTERM, SIGHUP and a dozen more
 * signals; each one runs the clean-up and then sends the same signal to the process again. With a
 * handler of our own that second delivery reaches it too (one Ctrl-C arrives twice), and once any of
 * its listeners has fired the others stay registered doing nothing, which keeps Node from applying
 * the default action (the next SIGTERM or SIGHUP is swallowed).
 *
 * This module takes those signal listeners away and leaves when-exit's `exit` listener alone, so the
 * clean-up still runs whenever the process exits. Nothing is lost by that: conf only writes with
 * atomically's synchronous writeFileSync, whose temp file is renamed or removed before any signal
 * listener can run, so on a signal there is never a temp file to remove. A fatal signal nobody
 * handles now takes Node's default action at once, as it does in a process without conf.
 *
 * No `electron` here: the CLI and the Electron main process both use it.
 */

export type { TerminationSignal };

// when-exit 2.x: `process.once(signal, () => this.exit(signal))` for each signal it hooks.
const WHEN_EXIT_SIGNAL_LISTENER = /^\(\)\s*=>\s*this\.exit\(\s*signal\s*\)$/;

type MaybeOnce = ((...args: unknown[]) => void) & { listener?: (...args: unknown[]) => void };

function isWhenExitSignalListener(raw: MaybeOnce): boolean {
  // It registers with `once`, so the raw listener is Node's wrapper around its arrow function.
  return typeof raw.listener === 'function' && WHEN_EXIT_SIGNAL_LISTENER.test(Function.prototype.toString.call(raw.listener));
}

/**
 * Removes every signal listener when-exit registered (its `exit` listener stays). Safe to call more
 * than once, at any time after the store modules were imported. Returns how many were removed.
 */
export function detachWhenExitSignalListeners(): number {
  let removed = 0;
  for (const name of process.eventNames()) {
    if (typeof name !== 'string' || !name.startsWith('SIG')) continue;
    for (const raw of process.rawListeners(name) as MaybeOnce[]) {
      if (!isWhenExitSignalListener(raw)) continue;
      process.removeListener(name, raw);
      removed++;
    }
  }
  return removed;
}

/**
 * Our own handling of Ctrl-C (SIGINT) and SIGTERM: when-exit's listeners are detached first, so each
 * signal reaches `handler` exactly once and is never re-sent or swallowed. While a handler is
 * registered the signal does nothing else (the handler decides how the process ends); after the
 * returned function removed the last one, Node's default action applies again.
 */
export function onTerminationSignals(handler: (signal: TerminationSignal) => void): () => void {
  detachWhenExitSignalListeners();
  return listenForTermination(handler);
}
