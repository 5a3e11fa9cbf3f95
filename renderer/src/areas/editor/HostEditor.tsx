import { useMemo } from 'react';
import type { PlanFix } from '../../../../shared/domain/host-plan.ts';
import type { HostProfile } from '../../../../shared/domain/host-profile.ts';
import { hostInputSchema } from '../../../../shared/ipc/contract.ts';
import { deskApi } from '../../api.ts';
import { applyHostFix } from '../../editor/draft-sync.ts';
import { useDesk } from '../../state/store.ts';
import { HostFields } from './HostFields.tsx';
import { InheritedSettings } from './InheritedSettings.tsx';
import { LivePlan } from './LivePlan.tsx';
import { SaveBar } from './SaveBar.tsx';
import { useDraft } from './use-draft.ts';

type HostDraft = Omit<HostProfile, 'id'>;
const toDraft = ({ id: _id, ...rest }: HostProfile): HostDraft => rest;

/** One host's settings: its own fields, every inheritable setting with where it comes from, and the live plan. */
export function HostEditor({ hostId }: { hostId: string }) {
  const document = useDesk((s) => s.profiles);
  const revision = useDesk((s) => s.profilesRevision);
  const credentials = useDesk((s) => s.credentials);
  const loadProfiles = useDesk((s) => s.loadProfiles);
  const startTests = useDesk((s) => s.startConnectionTests);
  const saved = useMemo(() => document?.hosts.find((h) => h.id === hostId), [document, hostId]);
  const editor = useDraft(saved, toDraft, hostInputSchema, (base, draft) => deskApi().hosts.update({ id: hostId, base, host: hostInputSchema.parse(draft) }));
  const { state, change } = editor;
  if (document === null) return <p className="hint">Loading…</p>;
  if (state === null) return <p className="hint">This host no longer exists.</p>;
  const draft = state.draft;

  async function applyProfileFix(fix: Extract<PlanFix, { kind: 'proxy-profile' }>) {
    const profile = document?.proxyProfiles.find((p) => p.id === fix.proxyProfileId);
    if (!profile) return { code: 'NOT_FOUND' as const, message: 'The proxy profile no longer exists.' };
    const { id, ...rest } = profile;
    const result = await deskApi().proxyProfiles.update({ id, base: profile, profile: { ...rest, ...fix.changes } });
    if (!result.ok) return result.error;
    await loadProfiles();
    return null;
  }

  return (
    <form className="entity-editor" aria-label={`Host ${state.base.name}`} onSubmit={(e) => e.preventDefault()}>
      <header className="editor-header">
        <h3>{state.base.name}</h3>
        <button type="button" onClick={() => void startTests([hostId])} title={editor.modified ? 'Tests the saved settings, not the unsaved changes' : undefined}>
          Test connection
        </button>
      </header>
      <SaveBar editor={editor} what="host" />
      <HostFields draft={draft} issues={editor.issues} onChange={(next) => change(() => next)} />
      <InheritedSettings
        level={{ kind: 'host', values: draft, folderId: draft.folderId }}
        // The level is the whole draft, so what comes back is the whole draft with one setting changed.
        onChange={(values) => change(() => values as HostDraft)}
        document={document}
        credentials={credentials}
        issues={editor.issues}
        issuePrefix=""
      />
      <LivePlan draft={draft} revision={revision} onHostFix={(fix) => change((d) => applyHostFix(d, fix.changes))} onProfileFix={applyProfileFix} />
    </form>
  );
}
