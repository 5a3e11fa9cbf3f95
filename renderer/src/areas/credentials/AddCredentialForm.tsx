import { useState, type FormEvent } from 'react';
import { CREDENTIAL_KINDS, type CredentialKind } from '../../../../shared/domain/credential.ts';
import { useDesk } from '../../state/store.ts';

export const KIND_LABELS: Record<CredentialKind, string> = { host: 'Hosts', proxy: 'Proxies' };

export function AddCredentialForm() {
  const addCredential = useDesk((s) => s.addCredential);
  const [label, setLabel] = useState('');
  const [userName, setUserName] = useState('');
  const [domain, setDomain] = useState('');
  const [kind, setKind] = useState<CredentialKind>('host');
  const [secret, setSecret] = useState('');

  async function submit(event: FormEvent) {
    event.preventDefault();
    const typed = secret;
    // Write-only: the password leaves the field at once, whatever main answers.
    setSecret('');
    if (await addCredential({ label, userName, kind, ...(domain.trim() ? { domain } : {}) }, typed === '' ? null : typed)) {
      setLabel('');
      setUserName('');
      setDomain('');
    }
  }

  return (
    <form className="host-form credential-add" onSubmit={(e) => void submit(e)} aria-label="Add credential">
      <label htmlFor="credential-label">Label</label>
      <input id="credential-label" value={label} onChange={(e) => setLabel(e.target.value)} />
      <label htmlFor="credential-user">User name</label>
      <input id="credential-user" value={userName} placeholder="DOMAIN\user" onChange={(e) => setUserName(e.target.value)} />
      <label htmlFor="credential-domain">Domain (optional)</label>
      <input id="credential-domain" value={domain} placeholder="CORP" onChange={(e) => setDomain(e.target.value)} />
      <label htmlFor="credential-kind">Used for</label>
      <select id="credential-kind" value={kind} onChange={(e) => setKind(e.target.value as CredentialKind)}>
        {CREDENTIAL_KINDS.map((k) => (
          <option key={k} value={k}>
            {KIND_LABELS[k]}
          </option>
        ))}
      </select>
      <label htmlFor="credential-secret">Password</label>
      <input id="credential-secret" type="password" autoComplete="off" value={secret} onChange={(e) => setSecret(e.target.value)} />
      <button type="submit">Add credential</button>
    </form>
  );
}
