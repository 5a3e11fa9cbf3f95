import { useEffect, useLayoutEffect, useRef } from 'react';
import { tabControllers } from '../../shells/tab-registry.ts';
import { useDesk } from '../../state/store.ts';
import { ConnectionBadge } from './ConnectionBadge.tsx';
import { FindBar } from './FindBar.tsx';
import { panelElementId, tabElementId } from './ShellTabStrip.tsx';
import { TabNotice, TabStatusBanner, TerminateOffer } from './TabBanners.tsx';

/**
 * One tab's panel. Its terminal element belongs to the tab's controller and is only hosted here, so
 * a hidden panel (another tab active, another area shown) keeps its terminal and scrollback.
 */
export function ShellTabPanel({ tabKey }: { tabKey: string }) {
  const tab = useDesk((s) => s.shellTabs.find((t) => t.key === tabKey));
  const active = useDesk((s) => s.activeShellKey === tabKey);
  const areaShown = useDesk((s) => s.area === 'shells');
  const region = useRef<HTMLDivElement>(null);
  const focusTerminal = () => tabControllers.get(tabKey)?.terminal.focus();

  useLayoutEffect(() => {
    const terminal = tabControllers.get(tabKey)?.terminal;
    const host = region.current;
    if (!terminal || !host) return;
    terminal.mount(host);
    return () => terminal.unmount();
  }, [tabKey]);

  useEffect(() => {
    if (active && areaShown) tabControllers.get(tabKey)?.terminal.focus();
  }, [active, areaShown, tabKey]);

  if (!tab) return null;
  return (
    <div role="tabpanel" id={panelElementId(tabKey)} aria-labelledby={tabElementId(tabKey)} hidden={!active} className="shell-panel">
      <div className="shell-panel-header">
        {tab.facts ? <ConnectionBadge facts={tab.facts} /> : <span className="hint">{tab.hostName}</span>}
        <span className="hint shell-keys">Ctrl+Shift+F find · Ctrl+Shift+C/V copy, paste</span>
      </div>
      <TabStatusBanner tab={tab} />
      <TabNotice tab={tab} />
      {tab.terminateOffer && <TerminateOffer tab={tab} onDone={focusTerminal} />}
      {tab.findOpen && <FindBar tab={tab} onClose={focusTerminal} />}
      <div ref={region} role="region" aria-label={`Terminal ${tab.hostName}`} className="terminal-region" />
    </div>
  );
}
