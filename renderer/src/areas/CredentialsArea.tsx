import { useEffect, useState, type FormEvent } from 'react';
import { CREDENTIAL_KINDS, type CredentialKind } from '../../../shared/domain/credential.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { useDesk } from '../state/store.ts';

function MasterPasswordForm({ mode }: { mode: 'create' | 'unlock' }) {
  const initVault = useDesk((s) => s.initVault);
  const unlockVault = useDesk((s) => s.unlockVault);
  const [password, setPassword] = useState('');
  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = password;
    // The field is cleared at once: the master password should not linger in the page.
    setPassword('');
    await (mode === 'create' ? initVault(typed) : unlockVault(typed));
  }
  return (
    <form className="host-form" onSubmit={(e) => void submit(e)} aria-label={mode === 'create' ? 'Create vault' : 'Unlock vault'}>
      <label htmlFor="master-password">Master password</label>
      <input id="master-password" type="password" autoComplete="off" value={password} onChange={(e) => setPassword(e.target.value)} />
      <button type="submit">{mode === 'create' ? 'Create vault' : 'Unlock'}</button>
    </form>
  );
}

export function CredentialsArea() {
  const vault = useDesk((s) => s.vault);
  const credentials = useDesk((s) => s.credentials);
  const error = useDesk((s) => s.credentialsError);
  const loadCredentials = useDesk((s) => s.loadCredentials);
  const addCredential = useDesk((s) => s.addCredential);
  const removeCredential = useDesk((s) => s.removeCredential);
  const lockVault = useDesk((s) => s.lockVault);
  const [label, setLabel] = useState('');
  const [userName, setUserName] = useState('');
  const [kind, setKind] = useState<CredentialKind>('host');
  const [secret, setSecret] = useState('');

  useEffect(() => {
    void loadCredentials();
  }, [loadCredentials]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = secret;
    setSecret('');
    if (await addCredential({ label, userName, kind }, typed === '' ? null : typed)) {
      setLabel('');
      setUserName('');
    }
  }

  const locked = vault?.locked ?? true;
  return (
    <section aria-labelledby="credentials-title">
      <h2 id="credentials-title">Credentials</h2>
      <p className="hint" data-testid="vault-status">
        {!vault
          ? 'Loading…'
          : !vault.initialized
            ? 'No vault yet: choose a master password to create one.'
            : vault.backend === 'os-keystore'
              ? 'Protected by the operating system’s key store.'
              : locked
                ? 'The vault is locked.'
                : 'The vault is unlocked.'}
      </p>
      {vault && !vault.initialized && <MasterPasswordForm mode="create" />}
      {vault?.initialized && locked && vault.backend === 'master-password' && <MasterPasswordForm mode="unlock" />}
      {vault?.initialized && !locked && (
        <form className="host-form" onSubmit={(e) => void submit(e)} aria-label="Add credential">
          <label htmlFor="credential-label">Label</label>
          <input id="credential-label" value={label} onChange={(e) => setLabel(e.target.value)} />
          <label htmlFor="credential-user">User name</label>
          <input id="credential-user" value={userName} placeholder="DOMAIN\user" onChange={(e) => setUserName(e.target.value)} />
          <label htmlFor="credential-kind">Used for</label>
          <select id="credential-kind" value={kind} onChange={(e) => setKind(e.target.value as CredentialKind)}>
            {CREDENTIAL_KINDS.map((k) => (
              <option key={k} value={k}>
                {k === 'host' ? 'Hosts' : 'Proxies'}
              </option>
            ))}
          </select>
          <label htmlFor="credential-secret">Password</label>
          <input id="credential-secret" type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
          <button type="submit">Add credential</button>
        </form>
      )}
      <ErrorBanner error={error} />
      {credentials.length > 0 && (
        <table className="hosts">
          <thead>
            <tr>
              <th>Label</th>
              <th>User name</th>
              <th>Used for</th>
              <th>Password</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {credentials.map((c) => (
              <tr key={c.id}>
                <td>{c.label}</td>
                <td>{c.userName}</td>
                <td>{c.kind === 'host' ? 'Hosts' : 'Proxies'}</td>
                <td>{c.hasSecret ? 'stored' : 'none'}</td>
                <td>
                  <button type="button" onClick={() => void removeCredential(c.id)} aria-label={`Remove ${c.label}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {vault?.initialized && !locked && vault.backend === 'master-password' && (
        <button type="button" onClick={() => void lockVault()}>
          Lock vault
        </button>
      )}
    </section>
  );
}
