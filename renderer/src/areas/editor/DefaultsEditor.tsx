import { settingsSchema, type HostDefaults, type Settings } from '../../../../shared/domain/host-profile.ts';
import { deskApi } from '../../api.ts';
import { useDesk } from '../../state/store.ts';
import { InheritedSettings } from './InheritedSettings.tsx';
import { SaveBar } from './SaveBar.tsx';
import { useDraft } from './use-draft.ts';

const toDraft = (settings: Settings): Settings => settings;

/** The app-wide defaults every host inherits last; above them are only the built-in values. */
export function DefaultsEditor() {
  const document = useDesk((s) => s.profiles);
  const credentials = useDesk((s) => s.credentials);
  const editor = useDraft(document?.settings, toDraft, settingsSchema, (base, draft) => deskApi().settings.update({ base, settings: settingsSchema.parse(draft) }));
  const { state, change } = editor;
  if (document === null || state === null) return <p className="hint">Loading…</p>;
  return (
    <form className="entity-editor" aria-label="App defaults" onSubmit={(e) => e.preventDefault()}>
      <header className="editor-header">
        <h3>App defaults</h3>
      </header>
      <p className="hint">Every host inherits these unless it or one of its folders sets its own value.</p>
      <SaveBar editor={editor} what="set of defaults" />
      <InheritedSettings
        level={{ kind: 'defaults', values: state.draft.defaults }}
        onChange={(defaults: HostDefaults) => change((d) => ({ ...d, defaults }))}
        document={document}
        credentials={credentials}
        issues={editor.issues}
        issuePrefix="defaults."
      />
    </form>
  );
}
