import type { z } from 'zod';
import type { ConnectionTest } from '../../shared/domain/connection-test.ts';
import type { HostPlan } from '../../shared/domain/host-plan.ts';
import type { ErrorInfo } from '../../shared/errors.ts';
import type { appInfoSchema, hostInputSchema } from '../../shared/ipc/contract.ts';
import type { TabRegistry } from '../sessions/tab-registry.ts';
import type { ProfileStore } from '../store/profile-store.ts';
import type { Revision } from '../store/revision.ts';
import type { ShellHistory } from '../store/shell-history.ts';
import type { VaultService } from '../store/vault-service.ts';

/** The platform's file dialogs (Electron's in the app); absent in the harness, where the page reads files itself. */
export interface FileDialogs {
  /** The chosen file's text, or null when the user cancelled. */
  openText(): Promise<string | null>;
  /** Writes `text` where the user chose; the path, or null when the user cancelled. */
  saveText(defaultName: string, text: string): Promise<string | null>;
}

export interface ConnectionTestRunner {
  start(hostIds: string[]): { testIds: string[] };
  watch(testId: string, seen: number): Promise<ConnectionTest>;
}

/** What the IPC handlers call; openAppServices builds it for the app and the harness alike. */
export interface Services {
  readonly appInfo: () => z.input<typeof appInfoSchema>;
  readonly problems: () => ErrorInfo[];
  readonly store: ProfileStore;
  readonly vault: VaultService;
  /** Moves whenever the profile or vault file changes, by this app or anyone else. */
  readonly revision: Revision;
  /** Looks at the data files now (after this app wrote them, before a read): a change reloads and moves the revision. */
  readonly refresh: () => void;
  readonly planHost: (host: z.output<typeof hostInputSchema>) => Promise<HostPlan>;
  readonly connectionTests: ConnectionTestRunner;
  readonly dialogs: FileDialogs | null;
  readonly tabs: TabRegistry;
  readonly shellHistory: ShellHistory;
}

/** A write's result, once the revision has moved for it: the page's next snapshot already shows it. */
export function saved<T>(services: Services, value: T): T {
  services.refresh();
  return value;
}
