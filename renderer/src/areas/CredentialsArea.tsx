import { useEffect, useMemo, useState } from 'react';
import { qualifiedUserName } from '../../../shared/domain/credential.ts';
import { credentialUnused, credentialUsers, type CredentialUsers } from '../credentials/credential-users.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { useDesk } from '../state/store.ts';
import { AddCredentialForm, KIND_LABELS } from './credentials/AddCredentialForm.tsx';
import { CredentialEditor } from './credentials/CredentialEditor.tsx';
import { VaultControls } from './credentials/VaultControls.tsx';

const count = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

export function CredentialsArea() {
  const vault = useDesk((s) => s.vault);
  const credentials = useDesk((s) => s.credentials);
  const error = useDesk((s) => s.credentialsError);
  const document = useDesk((s) => s.profiles);
  const loadCredentials = useDesk((s) => s.loadCredentials);
  const [editing, setEditing] = useState<string | null>(null);

  useEffect(() => {
    void loadCredentials();
  }, [loadCredentials]);

  const usage = useMemo(() => new Map(document ? credentials.map((c) => [c.id, credentialUsers(document, c.id)]) : []), [document, credentials]);
  const unlocked = vault?.initialized === true && !vault.locked;
  const shown = unlocked ? credentials.find((c) => c.id === editing) : undefined;

  return (
    <section className="credentials-area" aria-labelledby="credentials-title">
      <h2 id="credentials-title">Credentials</h2>
      <VaultControls />
      {unlocked && <AddCredentialForm />}
      <ErrorBanner error={error} />
      <div className="credentials-columns" data-editor={shown ? 'open' : 'closed'}>
        <div className="credentials-list">
          {credentials.length > 0 && (
            <table className="hosts">
              <thead>
                <tr>
                  <th>Label</th>
                  <th>User name</th>
                  <th>Used for</th>
                  <th>Password</th>
                  <th>Used by</th>
                  <th />
                </tr>
              </thead>
              <tbody>
                {credentials.map((c) => {
                  const users = usage.get(c.id);
                  return (
                    <tr key={c.id} aria-selected={c.id === shown?.id}>
                      <td>{c.label}</td>
                      <td>{qualifiedUserName(c.userName, c.domain)}</td>
                      <td>{KIND_LABELS[c.kind]}</td>
                      <td>{c.hasSecret ? 'stored' : 'none'}</td>
                      <td>{users && <UsageCount users={users} />}</td>
                      <td className="credential-actions">
                        {unlocked && (
                          <button type="button" onClick={() => setEditing(c.id === editing ? null : c.id)} aria-label={`Edit ${c.label}`} aria-expanded={c.id === shown?.id}>
                            Edit
                          </button>
                        )}
                      </td>
                    </tr>
                  );
                })}
              </tbody>
            </table>
          )}
          {vault?.initialized && credentials.length === 0 && <p className="empty">No credentials yet.</p>}
        </div>
        {shown && (
          <div className="credentials-editor">
            <CredentialEditor key={shown.id} credential={shown} />
          </div>
        )}
      </div>
    </section>
  );
}

// The row's short answer; the editor lists who exactly.
function UsageCount({ users }: { users: CredentialUsers }) {
  if (credentialUnused(users)) return <span className="hint">nothing</span>;
  if (users.proxyProfiles.length > 0) return <span>{count(users.proxyProfiles.length, 'proxy profile')}</span>;
  return <span>{users.hosts.length > 0 ? count(users.hosts.length, 'host') : users.defaults ? 'the app defaults' : count(users.folders.length, 'folder')}</span>;
}
