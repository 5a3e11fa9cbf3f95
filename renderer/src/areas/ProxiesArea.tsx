import { useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../shared/errors.ts';
import type { ProxyProfile } from '../../../shared/domain/proxy-profile.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { useDesk } from '../state/store.ts';
import { ProxyEditor } from './proxies/ProxyEditor.tsx';

const ACCESS_SUMMARY: Record<ProxyProfile['access'], (p: ProxyProfile) => string> = {
  none: () => 'No proxy',
  manual: (p) => p.url?.replace(/^http:\/\//, '').replace(/\/$/, '') ?? 'Manual',
  system: () => 'System settings',
  winhttp: () => 'WinHTTP',
  environment: () => 'Environment variables',
};

// A profile starts as "no proxy" under its name; the editor then opens on it for the rest.
function NewProfileForm() {
  const saveProxyProfile = useDesk((s) => s.saveProxyProfile);
  const [name, setName] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await saveProxyProfile(null, null, { name, access: 'none' });
    setError(result.ok ? null : result.error);
    if (result.ok) setName('');
  }
  return (
    <form className="proxy-new" aria-label="New proxy profile" onSubmit={(e) => void submit(e)}>
      <label htmlFor="proxy-new-name">New profile name</label>
      <div className="setting-control">
        <input id="proxy-new-name" value={name} placeholder="Corp proxy" onChange={(e) => setName(e.target.value)} />
        <button type="submit" disabled={name.trim() === ''}>
          Create
        </button>
      </div>
      <ErrorBanner error={error} />
    </form>
  );
}

export function ProxiesArea() {
  const profiles = useDesk((s) => s.profiles?.proxyProfiles);
  const profilesError = useDesk((s) => s.profilesError);
  const editing = useDesk((s) => s.proxyEditing);
  const editProxyProfile = useDesk((s) => s.editProxyProfile);
  const shown = profiles?.find((p) => p.id === editing);

  return (
    <section className="proxies-area" aria-labelledby="proxies-title">
      <header className="proxies-header">
        <h2 id="proxies-title">Proxy profiles</h2>
        <p className="hint">How hosts reach the network: a host, a folder or the app defaults choose a profile; hosts inherit it from their folders.</p>
      </header>
      <ErrorBanner error={profilesError} />
      <div className="proxies-columns">
        <div className="proxies-list">
          <NewProfileForm />
          {!profiles ? (
            <p className="hint">Loading…</p>
          ) : profiles.length === 0 ? (
            <p className="empty">No proxy profiles yet.</p>
          ) : (
            <ul aria-label="Saved proxy profiles">
              {profiles.map((p) => (
                <li key={p.id}>
                  <button type="button" className="proxy-item" aria-current={p.id === editing ? 'true' : undefined} onClick={() => editProxyProfile(p.id)}>
                    <span className="proxy-item-name">{p.name}</span>
                    <span className="proxy-item-access">{ACCESS_SUMMARY[p.access](p)}</span>
                  </button>
                </li>
              ))}
            </ul>
          )}
        </div>
        <div className="proxies-editor">{shown ? <ProxyEditor key={shown.id} id={shown.id} /> : <p className="hint">Choose a profile to see and change it, or create one.</p>}</div>
      </div>
    </section>
  );
}
