import { useEffect } from 'react';
import { ErrorBanner } from './ErrorBanner.tsx';
import { CredentialsArea } from './areas/CredentialsArea.tsx';
import { HostsArea } from './areas/HostsArea.tsx';
import { ProxiesArea } from './areas/ProxiesArea.tsx';
import { ShellsArea } from './areas/ShellsArea.tsx';
import { AREAS, type Area } from './state/app-slice.ts';
import { useDesk } from './state/store.ts';

const LABELS: Record<Area, string> = {
  hosts: 'Hosts',
  proxies: 'Proxy profiles',
  credentials: 'Credentials',
  shells: 'Shells',
};

/** The Shells area is not here: it stays mounted (hidden) so its terminals keep their scrollback. */
function AreaView({ area }: { area: Area }) {
  switch (area) {
    case 'hosts':
      return <HostsArea />;
    case 'proxies':
      return <ProxiesArea />;
    case 'credentials':
      return <CredentialsArea />;
    case 'shells':
      return null;
  }
}

export function App() {
  const area = useDesk((s) => s.area);
  const showArea = useDesk((s) => s.showArea);
  const info = useDesk((s) => s.info);
  const infoError = useDesk((s) => s.infoError);
  const startupProblems = useDesk((s) => s.startupProblems);
  const loadInfo = useDesk((s) => s.loadInfo);
  const loadProfiles = useDesk((s) => s.loadProfiles);
  const loadCredentials = useDesk((s) => s.loadCredentials);
  const watchProfiles = useDesk((s) => s.watchProfiles);

  useEffect(() => {
    void loadInfo();
    // Every area reads the saved profiles; the watch keeps them current whoever changes the file.
    void loadProfiles();
    void loadCredentials();
    watchProfiles();
  }, [loadInfo, loadProfiles, loadCredentials, watchProfiles]);

  return (
    <div className="frame">
      <nav className="sidebar" aria-label="Areas">
        <h1>WinRM Desk</h1>
        <ul>
          {AREAS.map((id) => (
            <li key={id}>
              <button type="button" aria-current={area === id ? 'page' : undefined} onClick={() => showArea(id)}>
                {LABELS[id]}
              </button>
            </li>
          ))}
        </ul>
        <footer className="about" data-testid="about">
          {info ? `${info.name} ${info.version} · ${info.platform} · Node ${info.nodeVersion}` : 'Connecting…'}
        </footer>
      </nav>
      <main className="content" data-area={area}>
        <ErrorBanner error={infoError} />
        {startupProblems.map((problem) => (
          <ErrorBanner key={problem.message} error={problem} />
        ))}
        <AreaView area={area} />
        <ShellsArea hidden={area !== 'shells'} />
      </main>
    </div>
  );
}
