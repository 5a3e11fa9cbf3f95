import type { OpenedShell } from '../../electron/connections/open-session.ts';

/** Runs `line` with /bin/sh in an opened shell and gives what it printed on stdout once it has exited. */
export async function shellLine(opened: OpenedShell, line: string): Promise<string> {
  const command = await opened.shell.run('/bin/sh', ['-c', `'${line}'`]);
  let out = '';
  command.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await command.exitCode;
  return out;
}
