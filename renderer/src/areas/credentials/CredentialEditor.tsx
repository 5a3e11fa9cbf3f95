import { useMemo, useState, type FormEvent } from 'react';
import { CREDENTIAL_KINDS, type CredentialKind, type CredentialSummary } from '../../../../shared/domain/credential.ts';
import type { ErrorInfo } from '../../../../shared/errors.ts';
import { credentialUsers } from '../../credentials/credential-users.ts';
import { ErrorBanner } from '../../ErrorBanner.tsx';
import { useDesk } from '../../state/store.ts';
import { UsedBy } from '../proxies/UsedBy.tsx';
import { KIND_LABELS } from './AddCredentialForm.tsx';
import { DeleteCredential } from './DeleteCredential.tsx';

function DetailsForm({ credential }: { credential: CredentialSummary }) {
  const updateCredential = useDesk((s) => s.updateCredential);
  const [label, setLabel] = useState(credential.label);
  const [userName, setUserName] = useState(credential.userName);
  const [domain, setDomain] = useState(credential.domain ?? '');
  const [kind, setKind] = useState<CredentialKind>(credential.kind);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const changed = label !== credential.label || userName !== credential.userName || domain !== (credential.domain ?? '') || kind !== credential.kind;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await updateCredential(credential.id, { label, userName, domain, kind });
    setError(result.ok ? null : result.error);
  }
  return (
    <form className="credential-details" aria-label="Credential details" onSubmit={(e) => void submit(e)}>
      <label htmlFor="edit-credential-label">Label</label>
      <input id="edit-credential-label" value={label} onChange={(e) => setLabel(e.target.value)} />
      <label htmlFor="edit-credential-user">User name</label>
      <input id="edit-credential-user" value={userName} onChange={(e) => setUserName(e.target.value)} />
      <label htmlFor="edit-credential-domain">Domain</label>
      <input id="edit-credential-domain" value={domain} placeholder="none" onChange={(e) => setDomain(e.target.value)} />
      <label htmlFor="edit-credential-kind">Used for</label>
      <select id="edit-credential-kind" value={kind} onChange={(e) => setKind(e.target.value as CredentialKind)}>
        {CREDENTIAL_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <div className="editor-buttons">
        <button type="submit" className="primary" disabled={!changed}>
          Save details
        </button>
      </div>
      <ErrorBanner error={error} />
    </form>
  );
}

function ReplaceSecretForm({ credential }: { credential: CredentialSummary }) {
  const replaceCredentialSecret = useDesk((s) => s.replaceCredentialSecret);
  const [secret, setSecret] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState(false);
  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = secret;
    setSecret('');
    const result = await replaceCredentialSecret(credential.id, typed);
    setError(result.ok ? null : result.error);
    setDone(result.ok);
  }
  return (
    <form className="credential-secret" aria-label="Replace password" onSubmit={(e) => void submit(e)}>
      <label htmlFor="edit-credential-secret">New password</label>
      <div className="setting-control">
        <input id="edit-credential-secret" type="password" autoComplete="off" value={secret} onChange={(e) => (setSecret(e.target.value), setDone(false))} />
        <button type="submit" disabled={secret === ''}>
          Replace password
        </button>
      </div>
      <p className="setting-source">{credential.hasSecret ? 'A password is stored; it is never shown. The new one replaces it.' : 'No password is stored yet.'}</p>
      {done && <p role="status">The password was replaced.</p>}
      <ErrorBanner error={error} />
    </form>
  );
}

/** One credential: its public details, a write-only password, who uses it, and its deletion. */
export function CredentialEditor({ credential }: { credential: CredentialSummary }) {
  const document = useDesk((s) => s.profiles);
  const users = useMemo(() => (document ? credentialUsers(document, credential.id) : null), [document, credential.id]);
  return (
    <section className="entity-editor credential-editor" aria-label={`Credential ${credential.label}`}>
      <div className="editor-header">
        <h3>{credential.label}</h3>
      </div>
      <DetailsForm key={JSON.stringify(credential)} credential={credential} />
      <ReplaceSecretForm credential={credential} />
      {users && <UsedBy users={users} extra={users.proxyProfiles.map((p) => `Proxy profile ${p.name}`)} label={`Where ${credential.label} is used`} />}
      <DeleteCredential credential={credential} />
    </section>
  );
}
