import type { ErrorInfo } from '../shared/errors.ts';
import { readAppInfo } from './app-info.ts';
import type { Services } from './ipc/handlers.ts';
import type { OsSecretCipher } from './store/os-keystore-vault.ts';
import { createProfileHostStore } from './store/profile-host-store.ts';
import { ProfileStore } from './store/profile-store.ts';
import type { LoadReport } from './store/versioned-file.ts';
import { VaultService, type VaultServiceOptions } from './store/vault-service.ts';

export interface AppServices {
  readonly services: Services;
  /** What the user must hear about at start: damaged files set aside, backups loaded, migrations. */
  readonly problems: ErrorInfo[];
}

function describeLoad(report: LoadReport): ErrorInfo[] {
  const problems: ErrorInfo[] = report.problems.map((p) => ({
    code: p.code,
    message: `${p.file} was damaged (${p.reason})${p.movedTo ? `; it was set aside as ${p.movedTo}` : ''}${report.recoveredFrom === 'backup' ? ' and the last good copy was loaded' : ''}.`,
  }));
  return problems;
}

/** The main-process services over one data directory; the same for Electron's main and the test harness. */
export function openAppServices(dataDir: string, options: { osCipher: OsSecretCipher | null; masterPassword?: VaultServiceOptions['masterPassword'] }): AppServices {
  const { store, report } = ProfileStore.open(dataDir);
  const vault = new VaultService(dataDir, { osCipher: options.osCipher, ...(options.masterPassword ? { masterPassword: options.masterPassword } : {}) });
  const problems = describeLoad(report);
  return {
    problems,
    services: { appInfo: readAppInfo, hosts: createProfileHostStore(store), vault, problems: () => problems },
  };
}
