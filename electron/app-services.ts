import type { ErrorInfo } from '../shared/errors.ts';
import { readAppInfo } from './app-info.ts';
import { requestForSavedHost } from './connections/from-profile.ts';
import { KerberosIdentities, useCollectionForProcess } from './connections/kerberos-identities.ts';
import { openShell } from './connections/open-session.ts';
import type { Services } from './ipc/handlers.ts';
import type { ProxySources } from './proxy/proxy-candidates.ts';
import { readWinhttpSettings } from './proxy/winhttp-source.ts';
import { TabRegistry } from './sessions/tab-registry.ts';
import type { OsSecretCipher } from './store/os-keystore-vault.ts';
import { createProfileHostStore } from './store/profile-host-store.ts';
import { ProfileStore } from './store/profile-store.ts';
import { ShellHistory } from './store/shell-history.ts';
import type { LoadReport } from './store/versioned-file.ts';
import { VaultService, type VaultServiceOptions } from './store/vault-service.ts';

export interface AppServices {
  readonly services: Services;
  /** What the user must hear about at start: damaged files set aside, backups loaded, migrations. */
  readonly problems: ErrorInfo[];
  /** Closes every shell tab (deleting its remote shell) and removes the app's Kerberos tickets. */
  dispose(): Promise<void>;
}

export interface AppServicesOptions {
  readonly osCipher: OsSecretCipher | null;
  readonly masterPassword?: VaultServiceOptions['masterPassword'];
  /** The OS proxy for a URL as a PAC-style answer (Electron's resolver); absent outside the app. */
  readonly resolveSystemProxy?: (url: string) => Promise<string>;
  /** The environment the process started with (the user's ticket cache, proxy variables). */
  readonly env?: NodeJS.ProcessEnv;
  /** Warnings and reports for the log; never carries a secret. */
  readonly log?: (message: string) => void;
}

function describeLoad(report: LoadReport): ErrorInfo[] {
  const problems: ErrorInfo[] = report.problems.map((p) => ({
    code: p.code,
    message: `${p.file} was damaged (${p.reason})${p.movedTo ? `; it was set aside as ${p.movedTo}` : ''}${report.recoveredFrom === 'backup' ? ' and the last good copy was loaded' : ''}.`,
  }));
  return problems;
}

/** The main-process services over one data directory; the same for Electron's main and the test harness. */
export function openAppServices(dataDir: string, options: AppServicesOptions): AppServices {
  const { store, report } = ProfileStore.open(dataDir);
  const vault = new VaultService(dataDir, { osCipher: options.osCipher, ...(options.masterPassword ? { masterPassword: options.masterPassword } : {}) });
  const problems = describeLoad(report);
  const env = { ...(options.env ?? process.env) };
  // Every Kerberos identity of every tab lives in one private collection; the process is pointed
  // at it once, here, at start (see kerberos-identities.ts).
  const kerberos = new KerberosIdentities({ env });
  useCollectionForProcess(kerberos);
  const proxySources: ProxySources = {
    env,
    ...(options.resolveSystemProxy ? { resolveSystem: options.resolveSystemProxy } : {}),
    ...(process.platform === 'win32' ? { winhttpText: () => readWinhttpSettings() } : {}),
  };
  const shellHistory = new ShellHistory(dataDir);
  const tabs = new TabRegistry({
    report: options.log,
    async openHostShell(hostId) {
      // Re-read first: the command line may have changed the profiles while the app was open.
      store.reload();
      const { request, profile } = await requestForSavedHost(store, vault.vault(), hostId, { proxySources });
      const opened = await openShell(request, { kerberos: () => kerberos, ...(options.log ? { warn: options.log } : {}) });
      return { opened, hostName: profile.host.name };
    },
  });
  return {
    problems,
    services: { appInfo: readAppInfo, hosts: createProfileHostStore(store), vault, problems: () => problems, tabs, shellHistory },
    async dispose() {
      await tabs.closeAll();
      shellHistory.flush();
      kerberos.dispose();
    },
  };
}
