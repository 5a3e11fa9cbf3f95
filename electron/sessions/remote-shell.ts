import { ACTION } from '../winrm/namespaces.ts';
import { commandBody, createShellBody, createShellOptions, readCommandId, readShellId, type ShellSpec } from '../winrm/shell-messages.ts';
import { RemoteCommand } from './remote-command.ts';
import type { Session } from './session.ts';

/** A WinRS shell on a session. `close` deletes it on the server and is safe to call more than once. */
export class RemoteShell {
  readonly id: string;
  readonly #session: Session;
  #closing: Promise<void> | null = null;

  private constructor(session: Session, id: string) {
    this.#session = session;
    this.id = id;
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

  close(): Promise<void> {
    this.#closing ??= this.#session.invoke({ action: ACTION.delete, selectors: { ShellId: this.id }, body: '' }).then(() => undefined);
    return this.#closing;
  }
}
