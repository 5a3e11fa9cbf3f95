import { DeskError } from '../../shared/errors.ts';
import { ACTION } from '../winrm/namespaces.ts';
import { commandBody, createShellBody, createShellOptions, readCommandId, readShellId, type ShellSpec } from '../winrm/shell-messages.ts';
import { RemoteCommand } from './remote-command.ts';
import type { Session } from './session.ts';

/**
 * How long deleting a shell may take before it is given up and reported: closing
 * a tab or ending the command line must not wait on a server that never answers. Windows answers a
 * Delete in well under a second, killing the shell's processes included.
 */
export const SHELL_DELETE_DEADLINE_MS = 10_000;

export interface CloseOptions {
  /** The Delete must be answered within this long, or `close` fails with TIMEOUT (default SHELL_DELETE_DEADLINE_MS). */
  readonly deadlineMs?: number;
}

/** A WinRS shell on a session. `close` deletes it on the server and is safe to call more than once. */
export class RemoteShell {
  readonly id: string;
  readonly #session: Session;
  #closing: Promise<void> | null = null;

  private constructor(session: Session, id: string) {
    this.#session = session;
    this.id = id;
  }

  /** The same shell reached over another session (to delete it when its own session broke). */
  static attach(session: Session, id: string): RemoteShell {
    return new RemoteShell(session, id);
  }

  static async open(session: Session, spec: ShellSpec = {}): Promise<RemoteShell> {
    const body = await session.invoke({ action: ACTION.create, options: createShellOptions(spec), body: createShellBody(spec) });
    return new RemoteShell(session, readShellId(body));
  }

  /** Starts a command; its output is received at once unless `deferReceive` leaves that to the caller. */
  async run(command: string, args: readonly string[] = [], options: { deferReceive?: boolean } = {}): Promise<RemoteCommand> {
    const body = await this.#session.invoke({
      action: ACTION.command,
      selectors: { ShellId: this.id },
      options: { WINRS_CONSOLEMODE_STDIN: 'TRUE', WINRS_SKIP_CMD_SHELL: 'FALSE' },
      body: commandBody(command, args),
    });
    const started = new RemoteCommand(this.#session, this.id, readCommandId(body));
    if (!options.deferReceive) started.startReceiving();
    return started;
  }

  /**
   * Deletes the shell on the server. A Delete not answered by the deadline fails with TIMEOUT and is
   * left in flight: closing the session then cuts it off. The first call's deadline holds for all.
   */
  close(options: CloseOptions = {}): Promise<void> {
    this.#closing ??= this.#delete(options.deadlineMs ?? SHELL_DELETE_DEADLINE_MS);
    return this.#closing;
  }

  async #delete(deadlineMs: number): Promise<void> {
    const deleting = this.#session.invoke({ action: ACTION.delete, selectors: { ShellId: this.id }, body: '' });
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new DeskError('TIMEOUT', `The server did not confirm the deletion of the shell within ${deadlineMs / 1000} s.`)), deadlineMs);
    });
    // Once the deadline passed, the Delete's own failure (its socket cut off by the session's close) is moot.
    deleting.catch(() => undefined);
    try {
      await Promise.race([deleting, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}
