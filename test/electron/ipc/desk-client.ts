import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { buildClient, type ClientOf } from '../../../shared/ipc/channel.ts';
import { contract, type DeskContract } from '../../../shared/ipc/contract.ts';
import type { IpcResult } from '../../../shared/ipc/result.ts';
import { openAppServices, type AppServices, type AppServicesOptions } from '../../../electron/app-services.ts';
import { createDispatcher } from '../../../electron/ipc/dispatcher.ts';
import { createHandlers } from '../../../electron/ipc/handlers.ts';

export const FAST_SCRYPT = { N: 2 ** 10, r: 8, p: 1 };

export interface DeskClient {
  readonly dir: string;
  readonly app: AppServices;
  /** The page's API, through the same dispatcher (parse in, parse out) the app and the harness use. */
  readonly api: ClientOf<DeskContract>;
  close(): Promise<void>;
}

/** Real app services over a fresh data directory (or `dir`), called as the page calls them. */
export function openDeskClient(options: Partial<AppServicesOptions> & { dir?: string } = {}): DeskClient {
  const { dir: given, ...rest } = options;
  const dir = given ?? mkdtempSync(join(tmpdir(), 'winrm-desk-ipc-'));
  const app = openAppServices(dir, { osCipher: null, masterPassword: { scrypt: FAST_SCRYPT }, ...rest });
  const dispatcher = createDispatcher({ contract, handlers: createHandlers(app.services), isTrustedSender: () => true });
  const api = buildClient(contract, (channel, payload) => dispatcher.dispatch(channel, {}, payload));
  return {
    dir,
    app,
    api,
    async close() {
      await app.dispose();
      if (!given) rmSync(dir, { recursive: true, force: true });
    },
  };
}

/** The value of a call that must succeed; a failure shows its code and message in the test output. */
export function ok<T>(result: IpcResult<T>): T {
  if (!result.ok) throw new Error(`expected success, got ${result.error.code}: ${result.error.message}`);
  return result.value;
}
