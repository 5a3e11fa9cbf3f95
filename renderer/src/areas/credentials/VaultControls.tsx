import { useState, type FormEvent } from 'react';
import type { ErrorInfo } from '../../../../shared/errors.ts';
import { ErrorBanner } from '../../ErrorBanner.tsx';
import type { VaultStatus } from '../../state/credentials-slice.ts';
import { useDesk } from '../../state/store.ts';

export function vaultStatusText(vault: VaultStatus | null): string {
  if (!vault) return 'Loading…';
  if (!vault.initialized) return 'No vault yet: choose a master password to create one.';
  if (vault.backend === 'os-keystore') return 'Protected by the operating system’s key store.';
  return vault.locked ? 'The vault is locked.' : 'The vault is unlocked.';
}

export function MasterPasswordForm({ mode }: { mode: 'create' | 'unlock' }) {
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

function AutoLock({ minutes }: { minutes: number }) {
  const setVaultAutoLock = useDesk((s) => s.setVaultAutoLock);
  const [typed, setTyped] = useState(String(minutes));
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [saved, setSaved] = useState(false);
  const value = Number(typed);
  const valid = Number.isInteger(value) && value >= 1 && value <= 24 * 60;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const result = await setVaultAutoLock(value);
    setError(result.ok ? null : result.error);
    setSaved(result.ok);
  }
  return (
    <form className="vault-form" aria-label="Auto-lock" onSubmit={(e) => void submit(e)}>
      <label htmlFor="vault-auto-lock">Lock after this many idle minutes</label>
      <div className="setting-control">
        <input id="vault-auto-lock" type="number" min={1} max={1440} value={typed} aria-invalid={!valid} onChange={(e) => (setTyped(e.target.value), setSaved(false))} />
        <button type="submit" disabled={!valid || value === minutes}>
          Save auto-lock
        </button>
      </div>
      <p className="setting-source" data-testid="vault-auto-lock">
        {valid ? `Now: the vault locks itself after ${minutes} idle minute${minutes === 1 ? '' : 's'}.` : 'Between 1 and 1440 minutes (a day).'}
        {saved && ' Saved.'}
      </p>
      <ErrorBanner error={error} />
    </form>
  );
}

function ChangeMasterPassword() {
  const changeMasterPassword = useDesk((s) => s.changeMasterPassword);
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [error, setError] = useState<ErrorInfo | null>(null);
  const [done, setDone] = useState(false);
  const mismatch = confirm !== '' && next !== confirm;
  async function submit(event: FormEvent) {
    event.preventDefault();
    const [was, will] = [current, next];
    // Cleared before the call returns: no password stays in the page whatever main answers.
    setCurrent('');
    setNext('');
    setConfirm('');
    const result = await changeMasterPassword(was, will);
    setError(result.ok ? null : result.error);
    setDone(result.ok);
  }
  return (
    <form className="vault-form" aria-label="Change master password" onSubmit={(e) => void submit(e)}>
      <h4>Change master password</h4>
      <label htmlFor="master-current">Current master password</label>
      <input id="master-current" type="password" autoComplete="off" value={current} onChange={(e) => (setCurrent(e.target.value), setDone(false))} />
      <label htmlFor="master-next">New master password</label>
      <input id="master-next" type="password" autoComplete="off" value={next} onChange={(e) => setNext(e.target.value)} />
      <label htmlFor="master-confirm">Confirm new master password</label>
      <input id="master-confirm" type="password" autoComplete="off" value={confirm} aria-invalid={mismatch} onChange={(e) => setConfirm(e.target.value)} />
      {mismatch && <p className="setting-issue">The two new passwords differ.</p>}
      {next !== '' && next.length < 8 && <p className="setting-issue">The master password needs at least 8 characters.</p>}
      <button type="submit" disabled={current === '' || next.length < 8 || next !== confirm}>
        Change master password
      </button>
      {done && <p role="status">The master password was changed; use the new one from now on.</p>}
      <ErrorBanner error={error} />
    </form>
  );
}

/** The vault's state and what can be done with it: create, unlock, lock, auto-lock, a new master password. */
export function VaultControls() {
  const vault = useDesk((s) => s.vault);
  const lockVault = useDesk((s) => s.lockVault);
  const masterPassword = vault?.initialized && vault.backend === 'master-password';
  return (
    <section className="vault-controls" aria-label="Vault">
      <div className="vault-status-row">
        <p className="hint" data-testid="vault-status">
          {vaultStatusText(vault)}
        </p>
        {masterPassword && !vault.locked && (
          <button type="button" onClick={() => void lockVault()}>
            Lock vault
          </button>
        )}
      </div>
      {vault && !vault.initialized && <MasterPasswordForm mode="create" />}
      {masterPassword && vault.locked && <MasterPasswordForm mode="unlock" />}
      {masterPassword && !vault.locked && (
        <details className="vault-settings">
          <summary>Vault settings</summary>
          <div className="vault-settings-body">
            <AutoLock key={vault.autoLockMinutes} minutes={vault.autoLockMinutes} />
            <ChangeMasterPassword />
          </div>
        </details>
      )}
    </section>
  );
}
