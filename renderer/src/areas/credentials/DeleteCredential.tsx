import { useState } from 'react';
import type { CredentialSummary } from '../../../../shared/domain/credential.ts';
import type { ErrorInfo } from '../../../../shared/errors.ts';
import { ErrorBanner } from '../../ErrorBanner.tsx';
import { useDesk } from '../../state/store.ts';

const NONE = '';

/**
 * Deleting asks first (the password is gone for good). Main refuses a credential still in use; then
 * its message is shown with the choice main accepts: another credential of the same kind in its
 * place, or none (hosts and folders then inherit again).
 */
export function DeleteCredential({ credential }: { credential: CredentialSummary }) {
  const removeCredential = useDesk((s) => s.removeCredential);
  const others = useDesk((s) => s.credentials).filter((c) => c.kind === credential.kind && c.id !== credential.id);
  const [step, setStep] = useState<'idle' | 'confirm' | 'reassign'>('idle');
  const [refusal, setRefusal] = useState<ErrorInfo | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [replacement, setReplacement] = useState(NONE);

  async function remove(reassignTo?: string | null) {
    const result = await removeCredential(credential.id, reassignTo);
    if (result.ok) return;
    if (result.error.code === 'CONFLICT' && reassignTo === undefined) {
      setRefusal(result.error);
      setStep('reassign');
    } else setError(result.error);
  }

  if (step === 'idle') {
    return (
      <div className="editor-buttons">
        <button type="button" onClick={() => setStep('confirm')}>
          Delete credential
        </button>
      </div>
    );
  }
  if (step === 'confirm') {
    return (
      <div className="editor-banner warning" role="alert">
        <p>Delete “{credential.label}”? Its password cannot be recovered.</p>
        <div className="editor-buttons">
          <button type="button" className="danger" onClick={() => void remove()}>
            Delete {credential.label}
          </button>
          <button type="button" onClick={() => setStep('idle')}>
            Keep it
          </button>
        </div>
        <ErrorBanner error={error} />
      </div>
    );
  }
  return (
    <div className="editor-banner warning credential-reassign" role="alert">
      <ErrorBanner error={refusal} />
      <label htmlFor="credential-reassign">Put in its place</label>
      <select id="credential-reassign" value={replacement} onChange={(e) => setReplacement(e.target.value)}>
        <option value={NONE}>{credential.kind === 'host' ? 'None: hosts and folders inherit again' : 'None'}</option>
        {others.map((c) => (
          <option key={c.id} value={c.id}>
            {c.label} ({c.userName})
          </option>
        ))}
      </select>
      <div className="editor-buttons">
        <button type="button" className="danger" onClick={() => void remove(replacement === NONE ? null : replacement)}>
          Reassign and delete
        </button>
        <button type="button" onClick={() => (setStep('idle'), setError(null))}>
          Keep it
        </button>
      </div>
      <ErrorBanner error={error} />
    </div>
  );
}
