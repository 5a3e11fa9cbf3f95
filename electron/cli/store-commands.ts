// The profile store and the vault (and with them conf, ajv and zod) are loaded only by the commands
// that use them: a flag-driven `exec` needs none of it, and loading it took most of the CLI's start.

// conf's dependency when-exit hooks SIGINT, SIGTERM and more as it is imported, re-sending each
// signal (see store/process-signals.ts, which imports conf itself); its listeners are taken away as
// soon as it has been loaded, so that a signal with no handler of ours takes Node's default action
// and one with a handler reaches it exactly once, as on the paths that never load conf.
async function loaded<T>(module: Promise<T>): Promise<T> {
  const [done, signals] = await Promise.all([module, import('../store/process-signals.ts')]);
  signals.detachWhenExitSignalListeners();
  return done;
}

/** `profiles …` and `--profile NAME`. */
export const profilesCli = () => loaded(import('./profiles-cli.ts'));

/** `vault …`. */
export const vaultCli = () => loaded(import('./vault-cli.ts'));
