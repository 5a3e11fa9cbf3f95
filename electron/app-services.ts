import type { ErrorInfo } from '../shared/errors.ts';
import { readAppInfo } from './app-info.ts';
import { requestForSavedHost } from './connections/from-profile.ts';
import { planForHost } from './connections/host-plan.ts';
import { KerberosIdentities } from './connections/kerberos-identities.ts';
import { openShell } from './connections/open-session.ts';
import { TlsSessionCache } from './http/tls-session-cache.ts';
import type { FileDialogs, Services } from './ipc/services.ts';
import type { ProxySources } from './proxy/proxy-candidates.ts';
import { readWinhttpSettings } from './proxy/winhttp-source.ts';
import { ConnectionTests } from './sessions/connection-tests.ts';
import { TabRegistry } from './sessions/tab-registry.ts';
import type { OsSecretCipher } from './store/os-keystore-vault.ts';
import { PROFILE_FILE_NAME, ProfileStore } from './store/profile-store.ts';
import { ProfileWatch } from './store/profile-watch.ts';
import { Revision } from './store/revision.ts';
import { ShellHistory } from './store/shell-history.ts';
import { VAULT_FILE_NAME } from './store/vault-file.ts';
import type { LoadReport } from './store/versioned-file.ts';
import { VaultService, type VaultServiceOptions } from './store/vault-service.ts';

export interface AppServices {
  readonly services: Services;
  /** What the user must hear about at start: damaged files set aside, backups loaded, migrations. */
  readonly problems: ErrorInfo[];
  /** Closes every shell tab (deleting its remote shell), stops watching the files, removes the app's Kerberos tickets. */
  dispose(): Promise<void>;
}

export interface AppServicesOptions {
  readonly osCipher: OsSecretCipher | null;
  readonly masterPassword?: VaultServiceOptions['masterPassword'];
  /** The OS proxy for a URL as a PAC-style answer (Electron's resolver); absent outside the app. */
  readonly resolveSystemProxy?: (url: string) => Promise<string>;
  /** The native open and save dialogs; absent outside the app (the page reads and saves files itself). */
  readonly dialogs?: FileDialogs;
  /** The environment the process started with (the user's ticket cache, proxy variables). */
  readonly env?: NodeJS.ProcessEnv;
  /** How long `profiles.changes` holds a request without a change (about 25 s; tests shorten it). */
  readonly changesWaitMs?: number;
  /** Warnings and reports for the log; never carries a secret. */
  readonly log?: (message: string) => void;
}

const CHANGES_WAIT_MS = 25_000;

function describeLoad(report: LoadReport): ErrorInfo[] {
  return report.problems.map((p) => ({
    code: p.code,
    message: `${p.file} was damaged (${p.reason})${p.movedTo ? `; it was set aside as ${p.movedTo}` : ''}${report.recoveredFrom === 'backup' ? ' and the last good copy was loaded' : ''}.`,
  }));
}

/** The main-process services over one data directory; the same for Electron's main and the test harness. */
export function openAppServices(dataDir: string, options: AppServicesOptions): AppServices {
  const { store, report } = ProfileStore.open(dataDir);
  const vault = new VaultService(dataDir, {
    osCipher: options.osCipher,
    autoLockMinutes: store.document().settings.vaultAutoLockMinutes,
    ...(options.masterPassword ? { masterPassword: options.masterPassword } : {}),
  });
  const problems = describeLoad(report);
  const revision = new Revision(options.changesWaitMs ?? CHANGES_WAIT_MS);
  // Whoever changed the files (this app, the CLI, an editor), the store is reloaded, a new auto-lock
  // time applies, and pages waiting on the revision fetch the new document.
  const watch = new ProfileWatch({
    dir: dataDir,
    files: [`${PROFILE_FILE_NAME}.json`, `${VAULT_FILE_NAME}.json`],
    onChange: () => {
      problems.push(...describeLoad(store.reload()));
      vault.setAutoLockMinutes(store.document().settings.vaultAutoLockMinutes);
      revision.bump();
    },
  });
  const env = { ...(options.env ?? process.env) };
  // Every Kerberos identity of every tab has its own ticket cache; each context names its own.
  const kerberos = new KerberosIdentities({ env });
  const proxySources: ProxySources = {
    env,
    ...(options.resolveSystemProxy ? { resolveSystem: options.resolveSystemProxy } : {}),
    ...(process.platform === 'win32' ? { winhttpText: () => readWinhttpSettings() } : {}),
  };
  // Re-read first: the command line may have changed the profiles while the app was open.
  const savedHostRequest = (hostId: string) => {
    watch.check();
    return requestForSavedHost(store, vault.vault(), hostId, { proxySources });
  };
  // Tabs to the same host (and each tab's second lane, and reconnects) resume TLS sessions. Connection
  // tests make full handshakes on purpose: they show the certificate the server presents now.
  const tlsSessions = new TlsSessionCache();
  const shellHistory = new ShellHistory(dataDir);
  const tabs = new TabRegistry({
    report: options.log,
    async openHostShell(hostId) {
      const { request, profile } = await savedHostRequest(hostId);
      const opened = await openShell(request, { kerberos: () => kerberos, tlsSessions, ...(options.log ? { warn: options.log } : {}) });
      return { opened, hostName: profile.host.name };
    },
  });
  const connectionTests = new ConnectionTests({
    requestFor: async (hostId) => {
      const { request, profile } = await savedHostRequest(hostId);
      return { request, hostName: profile.host.name };
    },
    kerberos: () => kerberos,
    ...(options.log ? { log: options.log } : {}),
  });
  const services: Services = {
    appInfo: readAppInfo,
    problems: () => problems,
    store,
    vault,
    revision,
    refresh: () => void watch.check(),
    planHost: (host) => planForHost(store.document(), host, proxySources),
    connectionTests,
    dialogs: options.dialogs ?? null,
    tabs,
    shellHistory,
  };
  return {
    problems,
    services,
    async dispose() {
      watch.dispose();
      revision.dispose();
      await Promise.all([tabs.closeAll(), connectionTests.dispose()]);
      shellHistory.flush();
      kerberos.dispose();
      tlsSessions.clear();
    },
  };
}
