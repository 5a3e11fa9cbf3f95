import { PROXY_AUTH_SCHEMES, type ProxyAccessType, type ProxyAuthScheme } from '../../../../shared/domain/proxy-profile.ts';
import type { ProxyDraft } from '../../proxies/proxy-draft.ts';
import { useDesk } from '../../state/store.ts';
import { BypassField } from './BypassField.tsx';

// In the order an admin weighs them; the Record type keeps it complete.
const ACCESS: Record<ProxyAccessType, { label: string; hint: string }> = {
  none: { label: 'No proxy', hint: 'Connects straight to the host, whatever this computer’s proxy settings say.' },
  manual: { label: 'Manual', hint: 'Uses the proxy address below, except for the hosts in the bypass list.' },
  system: { label: 'System settings', hint: 'The operating system’s proxy settings, PAC scripts included, resolved by the desktop app at each connection.' },
  winhttp: { label: 'WinHTTP', hint: 'The machine’s WinHTTP settings (what netsh winhttp show proxy prints); Windows only.' },
  environment: { label: 'Environment variables', hint: 'HTTPS_PROXY and NO_PROXY from the app’s environment, used only because this profile chooses them.' },
};

const AUTH_LABELS: Record<ProxyAuthScheme, string> = { none: 'None', basic: 'Basic', digest: 'Digest', negotiate: 'Negotiate (Kerberos)', ntlm: 'NTLM' };

type Change = (update: (draft: ProxyDraft) => ProxyDraft) => void;

function Issue({ text }: { text: string | undefined }) {
  return text ? <p className="setting-issue">{text}</p> : null;
}

function AccessChoice({ draft, change }: { draft: ProxyDraft; change: Change }) {
  const info = useDesk((s) => s.info);
  // Said where it matters: a host using such a profile would fail here at connect time.
  const caveat =
    draft.access === 'system' && info && info.electronVersion === null
      ? 'This window runs outside the desktop app, so it cannot resolve the system proxy: hosts using this profile connect only from the desktop app.'
      : draft.access === 'winhttp' && info && info.platform !== 'win32'
        ? 'This computer is not Windows: hosts using this profile cannot connect from here.'
        : null;
  return (
    <fieldset className="settings-group proxy-access">
      <legend>Access</legend>
      {(Object.keys(ACCESS) as ProxyAccessType[]).map((access) => (
        <div key={access} className="proxy-choice">
          <input type="radio" id={`proxy-access-${access}`} name="proxy-access" checked={draft.access === access} aria-describedby={`proxy-access-${access}-hint`} onChange={() => change((d) => ({ ...d, access }))} />
          <label htmlFor={`proxy-access-${access}`}>{ACCESS[access].label}</label>
          <p id={`proxy-access-${access}-hint`} className="setting-source">
            {ACCESS[access].hint}
          </p>
        </div>
      ))}
      {caveat && <p className="editor-banner warning">{caveat}</p>}
    </fieldset>
  );
}

function HttpHostsChoice({ draft, change }: { draft: ProxyDraft; change: Change }) {
  const choices = [
    { tunnel: false, label: 'Forward the requests', hint: 'The proxy relays each request; it must keep the connection to the host pinned for NTLM and Negotiate (Squid does, tinyproxy does not).' },
    { tunnel: true, label: 'Tunnel through CONNECT', hint: 'One tunnel per connection, end to end: the host’s authentication and message encryption pass through untouched.' },
  ];
  return (
    <fieldset className="settings-group">
      <legend>For HTTP hosts</legend>
      {choices.map((c) => (
        <div key={String(c.tunnel)} className="proxy-choice">
          <input type="radio" id={`proxy-tunnel-${c.tunnel}`} name="proxy-tunnel" checked={draft.tunnelForHttp === c.tunnel} aria-describedby={`proxy-tunnel-${c.tunnel}-hint`} onChange={() => change((d) => ({ ...d, tunnelForHttp: c.tunnel }))} />
          <label htmlFor={`proxy-tunnel-${c.tunnel}`}>{c.label}</label>
          <p id={`proxy-tunnel-${c.tunnel}-hint`} className="setting-source">
            {c.hint}
          </p>
        </div>
      ))}
      <p className="setting-source">HTTPS hosts always go through a CONNECT tunnel.</p>
    </fieldset>
  );
}

function AuthFields({ draft, change, issues }: { draft: ProxyDraft; change: Change; issues: ReadonlyMap<string, string> }) {
  const credentials = useDesk((s) => s.credentials).filter((c) => c.kind === 'proxy');
  const vault = useDesk((s) => s.vault);
  const missing = draft.credentialId !== '' && !credentials.some((c) => c.id === draft.credentialId);
  return (
    <fieldset className="settings-group">
      <legend>Proxy authentication</legend>
      <div className="setting">
        <label htmlFor="proxy-auth">Scheme</label>
        <select id="proxy-auth" value={draft.auth} onChange={(e) => change((d) => ({ ...d, auth: e.target.value as ProxyAuthScheme }))}>
          {PROXY_AUTH_SCHEMES.map((s) => (
            <option key={s} value={s}>
              {AUTH_LABELS[s]}
            </option>
          ))}
        </select>
        <Issue text={issues.get('auth')} />
      </div>
      {draft.auth !== 'none' && (
        <div className="setting" data-invalid={issues.has('credentialId') ? '' : undefined}>
          <label htmlFor="proxy-credential">Proxy credential</label>
          <select id="proxy-credential" value={draft.credentialId} onChange={(e) => change((d) => ({ ...d, credentialId: e.target.value }))}>
            <option value="">{draft.auth === 'negotiate' || draft.auth === 'ntlm' ? 'None: the signed-in user (single sign-on)' : 'None'}</option>
            {missing && <option value={draft.credentialId}>A credential no longer in the vault</option>}
            {credentials.map((c) => (
              <option key={c.id} value={c.id}>
                {c.label} ({c.userName})
              </option>
            ))}
          </select>
          <p className="setting-source">
            {credentials.length === 0 ? (vault?.locked ? 'Unlock the vault to list the proxy credentials.' : 'No proxy credentials yet: add one on the Credentials screen (used for: Proxies).') : 'Only proxy credentials are offered; a host’s credential never answers a proxy.'}
          </p>
          <Issue text={issues.get('credentialId')} />
        </div>
      )}
      {(draft.auth === 'negotiate' || draft.auth === 'ntlm') && (
        <div className="setting">
          <label htmlFor="proxy-spn">Proxy Kerberos host (optional)</label>
          <input id="proxy-spn" value={draft.spnHost} placeholder="the proxy’s host name" onChange={(e) => change((d) => ({ ...d, spnHost: e.target.value }))} />
          <Issue text={issues.get('spnHost')} />
        </div>
      )}
    </fieldset>
  );
}

/** Every field of a proxy profile; what an access type does not use is hidden, not lost. */
export function ProxyFields({ draft, change, issues }: { draft: ProxyDraft; change: Change; issues: ReadonlyMap<string, string> }) {
  return (
    <>
      <div className="setting" data-invalid={issues.has('name') ? '' : undefined}>
        <label htmlFor="proxy-name">Name</label>
        <input id="proxy-name" value={draft.name} onChange={(e) => change((d) => ({ ...d, name: e.target.value }))} />
        <Issue text={issues.get('name')} />
      </div>
      <AccessChoice draft={draft} change={change} />
      {draft.access === 'manual' && (
        <div className="setting" data-invalid={issues.has('url') ? '' : undefined}>
          <label htmlFor="proxy-url">Proxy address</label>
          <input id="proxy-url" value={draft.url} spellCheck={false} placeholder="http://proxy.corp.example:8080" onChange={(e) => change((d) => ({ ...d, url: e.target.value }))} />
          <Issue text={issues.get('url')} />
        </div>
      )}
      {draft.access !== 'none' && (
        <>
          <BypassField text={draft.bypassText} onChange={(bypassText) => change((d) => ({ ...d, bypassText }))} />
          <HttpHostsChoice draft={draft} change={change} />
          <AuthFields draft={draft} change={change} issues={issues} />
        </>
      )}
    </>
  );
}
