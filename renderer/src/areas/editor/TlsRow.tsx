import type { TlsOptions } from '../../../../shared/domain/host-profile.ts';
import type { FieldContext } from './InheritedSettings.tsx';
import { SettingRow } from './SettingRow.tsx';

const MODES = [
  ['system', 'system CAs'],
  ['ca', 'CA file'],
  ['pin', 'pinned certificate (SHA-256)'],
  ['insecure', 'verification off (unsafe)'],
] as const;

function emptyOf(mode: TlsOptions['mode']): TlsOptions {
  if (mode === 'ca') return { mode, caFile: '' };
  if (mode === 'pin') return { mode, sha256: '' };
  return { mode };
}

// Fingerprints are pasted as Windows and the ladder show them (AB:CD:…, any case); the store keeps bare upper-case hex.
const normalisePin = (text: string) => text.replace(/[\s:]/g, '').toUpperCase();

/** How the server certificate is checked over HTTPS; verification off is shown in red wherever it comes from. */
export function TlsRow({ field }: { field: FieldContext<'tls'> }) {
  const { own, inherited, set } = field;
  const insecure = own ? own.mode === 'insecure' : inherited.insecure;
  return (
    <SettingRow
      label="Certificate check"
      own={own !== undefined}
      inherited={inherited}
      issue={field.issue()}
      danger={insecure}
      extra={
        <>
          {own?.mode === 'ca' && (
            <label className="setting-sub">
              CA file path
              <input value={own.caFile} placeholder="/etc/ssl/corp-ca.pem" onChange={(e) => set({ mode: 'ca', caFile: e.target.value })} />
              {field.issue('tls.caFile') && <span className="setting-issue">{field.issue('tls.caFile')}</span>}
            </label>
          )}
          {own?.mode === 'pin' && (
            <label className="setting-sub">
              Pinned SHA-256
              <input className="mono" value={own.sha256} placeholder="64 hex digits, colons allowed" onChange={(e) => set({ mode: 'pin', sha256: normalisePin(e.target.value) })} />
              {field.issue('tls.sha256') && <span className="setting-issue">{field.issue('tls.sha256')}</span>}
            </label>
          )}
          {insecure && (
            <p className="setting-danger" role="note">
              The server’s certificate is not checked: anyone on the way can pose as this host and read everything sent, passwords included.
            </p>
          )}
        </>
      }
    >
      {({ id, describedBy }) => (
        <select id={id} aria-describedby={describedBy} value={own?.mode ?? ''} onChange={(e) => set(e.target.value === '' ? undefined : emptyOf(e.target.value as TlsOptions['mode']))}>
          <option value="">Inherit: {inherited.text}</option>
          {MODES.map(([mode, text]) => (
            <option key={mode} value={mode}>
              {text}
            </option>
          ))}
        </select>
      )}
    </SettingRow>
  );
}
