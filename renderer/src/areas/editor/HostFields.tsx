import { useId, useState } from 'react';
import type { HostProfile } from '../../../../shared/domain/host-profile.ts';

type HostDraft = Omit<HostProfile, 'id'>;

const tagsOf = (text: string) =>
  text
    .split(',')
    .map((t) => t.trim())
    .filter((t) => t !== '');

/** What only a host has: its name, address, Kerberos service host, tags and notes. */
export function HostFields({ draft, issues, onChange }: { draft: HostDraft; issues: ReadonlyMap<string, string>; onChange: (draft: HostDraft) => void }) {
  const id = useId();
  // Tags are typed as one comma-separated line; the text keeps a trailing comma while the admin types.
  const [tagText, setTagText] = useState(draft.tags.join(', '));
  const [seenTags, setSeenTags] = useState(draft.tags);
  if (seenTags !== draft.tags) {
    setSeenTags(draft.tags);
    if (tagsOf(tagText).join('|') !== draft.tags.join('|')) setTagText(draft.tags.join(', '));
  }
  const tagIssue = [...issues].find(([path]) => path.startsWith('tags'))?.[1];
  return (
    <fieldset className="settings-group">
      <legend>Host</legend>
      <Text id={`${id}-name`} label="Name" value={draft.name} issue={issues.get('name')} onChange={(name) => onChange({ ...draft, name })} />
      <Text id={`${id}-address`} label="Address" value={draft.address} issue={issues.get('address')} onChange={(address) => onChange({ ...draft, address })} />
      <Text
        id={`${id}-spn`}
        label="Kerberos SPN host"
        placeholder="the address"
        hint="Only when the service name differs from the address (HTTP/name)."
        value={draft.spnHost ?? ''}
        issue={issues.get('spnHost')}
        onChange={(spnHost) => {
          const { spnHost: _old, ...rest } = draft;
          onChange(spnHost === '' ? rest : { ...rest, spnHost });
        }}
      />
      <Text
        id={`${id}-tags`}
        label="Tags"
        placeholder="comma-separated"
        value={tagText}
        issue={tagIssue}
        onChange={(text) => {
          setTagText(text);
          onChange({ ...draft, tags: tagsOf(text) });
        }}
      />
      <div className="setting" data-invalid={issues.has('notes') ? 'true' : undefined}>
        <label htmlFor={`${id}-notes`}>Notes</label>
        <textarea id={`${id}-notes`} rows={3} value={draft.notes} onChange={(e) => onChange({ ...draft, notes: e.target.value })} />
        {issues.get('notes') && <p className="setting-issue">{issues.get('notes')}</p>}
      </div>
    </fieldset>
  );
}

interface TextProps {
  id: string;
  label: string;
  value: string;
  issue: string | undefined;
  placeholder?: string;
  hint?: string;
  onChange: (value: string) => void;
}

function Text({ id, label, value, issue, placeholder, hint, onChange }: TextProps) {
  return (
    <div className="setting" data-invalid={issue ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      <input id={id} value={value} placeholder={placeholder} aria-describedby={hint ? `${id}-hint` : undefined} aria-invalid={issue ? true : undefined} onChange={(e) => onChange(e.target.value)} />
      {hint && (
        <p id={`${id}-hint`} className="setting-source">
          {hint}
        </p>
      )}
      {issue && <p className="setting-issue">{issue}</p>}
    </div>
  );
}
