import { useEffect } from 'react';
import { useShallow } from 'zustand/react/shallow';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { shellShortcut } from '../shells/shortcuts.ts';
import { useDesk } from '../state/store.ts';
import { findInputId } from './shells/FindBar.tsx';
import { ShellTabPanel } from './shells/ShellTabPanel.tsx';
import { ShellTabStrip } from './shells/ShellTabStrip.tsx';

/** The area's shortcuts, wherever the focus is in it (the terminals let these chords through). */
function useShellShortcuts(enabled: boolean): void {
  useEffect(() => {
    if (!enabled) return;
    const onKeyDown = (event: KeyboardEvent) => {
      const shortcut = shellShortcut(event);
      const state = useDesk.getState();
      const active = state.activeShellKey;
      if (!shortcut || shortcut === 'copy' || shortcut === 'paste' || (!active && shortcut !== 'new-tab')) return;
      event.preventDefault();
      if (shortcut === 'new-tab') void state.openShellLikeActive();
      else if (shortcut === 'next-tab') state.activateAdjacentShell(1);
      else if (shortcut === 'previous-tab') state.activateAdjacentShell(-1);
      else if (active && shortcut === 'close-tab') void state.closeShell(active);
      else if (active && shortcut === 'find') {
        state.setFindOpen(active, true);
        document.getElementById(findInputId(active))?.focus();
      }
    };
    window.addEventListener('keydown', onKeyDown);
    return () => window.removeEventListener('keydown', onKeyDown);
  }, [enabled]);
}

/** Shell tabs. Always mounted, hidden while another area shows, so no terminal loses its scrollback. */
export function ShellsArea({ hidden }: { hidden: boolean }) {
  const keys = useDesk(useShallow((s) => s.shellTabs.map((tab) => tab.key)));
  const error = useDesk((s) => s.shellsError);
  const showArea = useDesk((s) => s.showArea);
  useShellShortcuts(!hidden);

  return (
    <section aria-labelledby="shells-title" className="shells" hidden={hidden}>
      <div className="shells-header">
        <h2 id="shells-title">Shells</h2>
        <ShellTabStrip />
      </div>
      {!hidden && <ErrorBanner error={error} />}
      {keys.length === 0 ? (
        <div className="empty-state">
          <p className="empty">No shells are open.</p>
          <p className="hint">To open one, go to Hosts, pick a host and choose Open shell (or press Enter on its row).</p>
          <button type="button" onClick={() => showArea('hosts')}>
            Go to Hosts
          </button>
        </div>
      ) : (
        keys.map((key) => <ShellTabPanel key={key} tabKey={key} />)
      )}
    </section>
  );
}
