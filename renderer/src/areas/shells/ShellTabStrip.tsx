import type { KeyboardEvent } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { adjacentIndex } from '../../shells/shortcuts.ts';
import { useDesk } from '../../state/store.ts';
import { TabBadge } from './ConnectionBadge.tsx';

export const tabElementId = (key: string) => `shell-tab-${key}`;
export const panelElementId = (key: string) => `shell-panel-${key}`;

function ShellTabItem({ tabKey }: { tabKey: string }) {
  const tab = useDesk((s) => s.shellTabs.find((t) => t.key === tabKey));
  const active = useDesk((s) => s.activeShellKey === tabKey);
  const activateShell = useDesk((s) => s.activateShell);
  const closeShell = useDesk((s) => s.closeShell);
  if (!tab) return null;
  return (
    <div
      role="tab"
      id={tabElementId(tabKey)}
      aria-controls={panelElementId(tabKey)}
      aria-selected={active}
      aria-label={tab.label}
      tabIndex={active ? 0 : -1}
      className="shell-tab"
      data-status={tab.status}
      onClick={() => activateShell(tabKey)}
    >
      <span className="status-dot" aria-hidden="true" />
      <span className="shell-tab-label">{tab.label}</span>
      {tab.facts && <TabBadge facts={tab.facts} />}
      <button
        type="button"
        className="shell-tab-close"
        aria-label="Close tab"
        title="Close tab (Ctrl+W)"
        tabIndex={-1}
        onClick={(event) => {
          event.stopPropagation();
          void closeShell(tabKey);
        }}
      >
        ×
      </button>
    </div>
  );
}

/** The tabs, with the arrow keys of the ARIA tabs pattern (Left/Right, Home/End, Delete closes). */
export function ShellTabStrip() {
  const keys = useDesk(useShallow((s) => s.shellTabs.map((tab) => tab.key)));
  const activateShell = useDesk((s) => s.activateShell);
  const closeShell = useDesk((s) => s.closeShell);

  function onKeyDown(event: KeyboardEvent<HTMLDivElement>) {
    const current = keys.indexOf(useDesk.getState().activeShellKey ?? '');
    const target =
      event.key === 'ArrowRight' ? adjacentIndex(current, 1, keys.length)
      : event.key === 'ArrowLeft' ? adjacentIndex(current, -1, keys.length)
      : event.key === 'Home' ? 0
      : event.key === 'End' ? keys.length - 1
      : null;
    const key = keys[current];
    if (event.key === 'Delete' && key) void closeShell(key);
    else if (target !== null && keys[target]) {
      activateShell(keys[target]);
      document.getElementById(tabElementId(keys[target]))?.focus();
    } else return;
    event.preventDefault();
  }

  return (
    <div role="tablist" aria-label="Shell tabs" className="shell-tabs" onKeyDown={onKeyDown}>
      {keys.map((key) => (
        <ShellTabItem key={key} tabKey={key} />
      ))}
    </div>
  );
}
