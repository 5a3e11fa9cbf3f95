import { useState } from 'react';
import { sameValues } from '../../editor/settings-fields.ts';
import type { FieldContext } from './InheritedSettings.tsx';
import { SettingRow } from './SettingRow.tsx';

type Row = { name: string; value: string };

const rowsOf = (environment: Readonly<Record<string, string>> | undefined): Row[] => Object.entries(environment ?? {}).map(([name, value]) => ({ name, value }));
// A row still being typed (no name yet) stays on screen but is not part of the setting.
const recordOf = (rows: readonly Row[]): Record<string, string> => Object.fromEntries(rows.filter((r) => r.name !== '').map((r) => [r.name, r.value]));

/**
 * The shell's environment, name=value rows. It is inherited whole: rows set here replace the
 * inherited block rather than adding to it, as the placeholder line says.
 */
export function EnvironmentRow({ field }: { field: FieldContext<'environment'> }) {
  const { own, inherited, set } = field;
  const [rows, setRows] = useState<Row[]>(() => rowsOf(own));
  // Follow the draft when it changes from outside (revert, reload, a newer saved version).
  const [seen, setSeen] = useState(own);
  if (seen !== own) {
    setSeen(own);
    if (own === undefined || !sameValues(recordOf(rows), own)) setRows(rowsOf(own));
  }
  function update(next: Row[]): void {
    setRows(next);
    set(recordOf(next));
  }
  return (
    <SettingRow label="Environment" own={own !== undefined} inherited={inherited} issue={field.issue()} onClear={() => set(undefined)}>
      {({ id, describedBy }) =>
        own === undefined ? (
          <button type="button" id={id} aria-describedby={describedBy} onClick={() => set({})}>
            Set variables here
          </button>
        ) : (
          <div className="env-rows" id={id} role="group" aria-label="Environment variables" aria-describedby={describedBy}>
            {rows.map((row, i) => (
              <div className="env-row" key={i}>
                <input aria-label={`Variable ${i + 1} name`} placeholder="NAME" value={row.name} onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, name: e.target.value } : r)))} />
                <span aria-hidden="true">=</span>
                <input aria-label={`Variable ${i + 1} value`} placeholder="value" value={row.value} onChange={(e) => update(rows.map((r, j) => (j === i ? { ...r, value: e.target.value } : r)))} />
                <button type="button" aria-label={`Remove variable ${row.name || i + 1}`} onClick={() => update(rows.filter((_, j) => j !== i))}>
                  ×
                </button>
              </div>
            ))}
            <button type="button" onClick={() => setRows([...rows, { name: '', value: '' }])}>
              Add variable
            </button>
          </div>
        )
      }
    </SettingRow>
  );
}
