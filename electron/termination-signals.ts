/** The signals that ask this process to end: Ctrl-C and a polite kill. */
export type TerminationSignal = 'SIGINT' | 'SIGTERM';

/**
 * Ctrl-C (SIGINT) and SIGTERM go to `handler` while it is registered (the handler decides how the
 * process ends); after the returned function removed it, Node's default action applies again. The
 * app and the command line each make sure no other library's listener sees the signal too.
 */
export function listenForTermination(handler: (signal: TerminationSignal) => void): () => void {
  const onSigint = () => handler('SIGINT');
  const onSigterm = () => handler('SIGTERM');
  process.on('SIGINT', onSigint);
  process.on('SIGTERM', onSigterm);
  return () => {
    process.off('SIGINT', onSigint);
    process.off('SIGTERM', onSigterm);
  };
}
