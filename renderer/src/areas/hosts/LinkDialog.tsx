import { useState } from 'react';
import type { BulkLink } from '../../state/hosts-slice.ts';
import { Dialog, DialogButtons } from './Dialog.tsx';

const INHERIT = 'inherit';
const NONE = 'none';

/** Sets one link (the credential or the proxy profile) on every selected host: a choice, none, or inherit. */
export function LinkDialog({ title, label, noneLabel, choices, onApply, onClose }: { title: string; label: string; noneLabel: string; choices: readonly { id: string; name: string }[]; onApply: (link: BulkLink) => void; onClose: () => void }) {
  const [value, setValue] = useState(INHERIT);
  return (
    <Dialog title={title} onClose={onClose}>
      <form
        onSubmit={(event) => {
          event.preventDefault();
          onApply(value === INHERIT ? 'inherit' : { set: value === NONE ? null : value });
          onClose();
        }}
      >
        <label className="dialog-field">
          {label}
          <select value={value} onChange={(event) => setValue(event.target.value)} autoFocus>
            <option value={INHERIT}>Inherit from the folder</option>
            <option value={NONE}>{noneLabel}</option>
            {choices.map((c) => (
              <option key={c.id} value={c.id}>
                {c.name}
              </option>
            ))}
          </select>
        </label>
        <DialogButtons action="Apply" onCancel={onClose} />
      </form>
    </Dialog>
  );
}
