import { useMemo, useState } from 'react';
import type { ErrorInfo } from '../../../../shared/errors.ts';
import { ErrorBanner } from '../../ErrorBanner.tsx';
import { applyWinhttp, proxyDraftOf, proxyDraftSchema, proxyInputOf } from '../../proxies/proxy-draft.ts';
import { linkUsers } from '../../proxies/where-used.ts';
import { useDesk } from '../../state/store.ts';
import { SaveBar } from '../editor/SaveBar.tsx';
import { useDraft } from '../editor/use-draft.ts';
import { ProxyFields } from './ProxyFields.tsx';
import { UsedBy } from './UsedBy.tsx';
import { WinhttpImport } from './WinhttpImport.tsx';

/** One saved proxy profile: its fields, saved against the profile as loaded, who uses it, and its deletion. */
export function ProxyEditor({ id }: { id: string }) {
  const document = useDesk((s) => s.profiles);
  const saveProxyProfile = useDesk((s) => s.saveProxyProfile);
  const removeProxyProfile = useDesk((s) => s.removeProxyProfile);
  const saved = document?.proxyProfiles.find((p) => p.id === id);
  const editor = useDraft(saved, proxyDraftOf, proxyDraftSchema, (base, draft) => saveProxyProfile(id, base, proxyInputOf(draft)));
  const users = useMemo(() => (document ? linkUsers(document, 'proxyProfileId', id) : null), [document, id]);
  const [removeError, setRemoveError] = useState<ErrorInfo | null>(null);
  const [confirming, setConfirming] = useState(false);

  if (!editor.state) return <p className="hint">This proxy profile no longer exists.</p>;
  const { draft } = editor.state;

  async function remove() {
    setConfirming(false);
    const result = await removeProxyProfile(id);
    setRemoveError(result.ok ? null : result.error);
  }

  return (
    <form className="entity-editor proxy-editor" aria-label={`Proxy profile ${saved?.name ?? draft.name}`} onSubmit={(e) => e.preventDefault()}>
      <div className="editor-header">
        <h3>{saved?.name ?? draft.name}</h3>
        {confirming ? (
          <span className="editor-buttons">
            <button type="button" className="danger" onClick={() => void remove()}>
              Delete {saved?.name}
            </button>
            <button type="button" onClick={() => setConfirming(false)}>
              Keep it
            </button>
          </span>
        ) : (
          <button type="button" onClick={() => setConfirming(true)}>
            Delete profile
          </button>
        )}
      </div>
      <ErrorBanner error={removeError} />
      {removeError?.code === 'CONFLICT' && <p className="hint">Choose another proxy profile (or none) for the folders and hosts listed under Used by, then delete it.</p>}
      {users && <UsedBy users={users} label={`Where ${saved?.name ?? 'this profile'} is used`} />}
      <SaveBar editor={editor} what="proxy profile" />
      <WinhttpImport onFound={(found) => editor.change((d) => applyWinhttp(d, found))} />
      <ProxyFields draft={draft} change={editor.change} issues={editor.issues} />
    </form>
  );
}
