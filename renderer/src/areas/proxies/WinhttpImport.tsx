import { useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors.ts';
import { ErrorBanner } from '../../ErrorBanner.tsx';
import { useDesk } from '../../state/store.ts';
import type { WinhttpImport as Found } from '../../proxies/proxy-draft.ts';

/** What a pasted `netsh winhttp show proxy` names, read by main; the editor takes it into its fields. */
export function WinhttpImport({ onFound }: { onFound(found: Found): void }) {
  const parseWinhttpText = useDesk((s) => s.parseWinhttpText);
  const [text, setText] = useState('');
  const [found, setFound] = useState<Found | null>(null);
  const [error, setError] = useState<ErrorInfo | null>(null);

  async function read() {
    const result = await parseWinhttpText(text);
    if (!result.ok) {
      setFound(null);
      setError(result.error);
      return;
    }
    setError(null);
    setFound(result.value);
    onFound(result.value);
  }

  return (
    <details className="winhttp-import">
      <summary>Import from netsh winhttp show proxy</summary>
      <div className="setting">
        <label htmlFor="winhttp-text">Output of netsh winhttp show proxy</label>
        <textarea id="winhttp-text" rows={5} spellCheck={false} value={text} placeholder={'Current WinHTTP proxy settings:\n\n    Proxy Server(s) :  proxy.corp.example:8080\n    Bypass List     :  *.corp.example;<local>'} onChange={(e) => setText(e.target.value)} />
      </div>
      <div className="editor-buttons">
        <button type="button" disabled={text.trim() === ''} onClick={() => void read()}>
          Fill in from this text
        </button>
      </div>
      <ErrorBanner error={error} />
      {found && (
        <p className="winhttp-found" role="status">
          {found.access === 'none'
            ? 'WinHTTP connects directly (no proxy): the profile is set to No proxy.'
            : `Found proxy ${found.url ?? ''}${found.bypass.length > 0 ? ` and ${found.bypass.length} bypass ${found.bypass.length === 1 ? 'entry' : 'entries'}` : ', no bypass list'}; the fields are filled in — review them and Save.`}
          {found.perScheme && ' WinHTTP names different proxies for HTTP and HTTPS; the profile takes the HTTPS one.'}
        </p>
      )}
    </details>
  );
}
