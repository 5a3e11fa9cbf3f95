import { useId, type ReactNode } from 'react';
import type { InheritedSetting } from '../../editor/inherited.ts';

export interface RowProps {
  readonly label: string;
  /** Whether this level sets the value itself; otherwise it inherits `inherited`. */
  readonly own: boolean;
  readonly inherited: InheritedSetting;
  readonly issue?: string | undefined;
  readonly danger?: boolean;
  /** Back to inherit; absent for controls whose own choices include "inherit". */
  readonly onClear?: () => void;
  readonly children: (ids: { id: string; describedBy: string }) => ReactNode;
  readonly extra?: ReactNode;
}

/**
 * One inheritable setting: its control, where the value comes from (described to assistive tech as
 * well), and the way back to inheriting.
 */
export function SettingRow({ label, own, inherited, issue, danger, onClear, children, extra }: RowProps) {
  const id = useId();
  const describedBy = `${id}-source`;
  return (
    <div className="setting" data-own={own ? 'true' : 'false'} data-danger={danger ? 'true' : undefined} data-invalid={issue ? 'true' : undefined}>
      <label htmlFor={id}>{label}</label>
      <div className="setting-control">
        {children({ id, describedBy })}
        {own && onClear && (
          <button type="button" className="setting-clear" aria-label={`Inherit ${label.toLowerCase()}`} title={`Clear: inherit ${inherited.text} (${inherited.source})`} onClick={onClear}>
            Inherit
          </button>
        )}
      </div>
      <p id={describedBy} className="setting-source">
        {own ? `Set here. Inherits ${inherited.text} (${inherited.source}) when cleared.` : `Inherited: ${inherited.text}, ${inherited.source}.`}
      </p>
      {issue && <p className="setting-issue">{issue}</p>}
      {extra}
    </div>
  );
}
