import { printableLine } from '../../../../shared/printable-line.ts';
import { useEffect, useRef } from 'react';
import type { ShellTab } from '../../state/shells-slice.ts';
import { useDesk } from '../../state/store.ts';

/** Why the tab is not (yet) a working shell, with the way back: Retry or Reconnect. */
export function TabStatusBanner({ tab }: { tab: ShellTab }) {
  const reconnectShell = useDesk((s) => s.reconnectShell);
  const reconnect = (label: string) => (
    <button type="button" onClick={() => void reconnectShell(tab.key)}>
      {label}
    </button>
  );
  switch (tab.status) {
    case 'connected':
      return null;
    case 'connecting':
    case 'reconnecting':
      return (
        <p className="shell-banner" role="status">
          <span className="spinner" aria-hidden="true" />
          {tab.status === 'connecting' ? `Connecting to ${tab.hostName}…` : `Starting a new shell on ${tab.hostName}…`}
        </p>
      );
    case 'failed':
      return (
        <div className="shell-banner error" role="alert">
          <p>
            Could not open a shell on {tab.hostName}: <code>{tab.error?.code}</code> {printableLine(tab.error?.message ?? '')}
          </p>
          {reconnect('Retry')}
        </div>
      );
    case 'lost':
      return (
        <div className="shell-banner error" role="alert">
          <p>
            The connection to {tab.hostName} was lost: <code>{tab.error?.code}</code> {printableLine(tab.error?.message ?? '')} The output so far is kept below.
          </p>
          {reconnect('Reconnect')}
        </div>
      );
    case 'ended':
    case 'closed':
      return (
        <div className="shell-banner" role="status">
          <p>
            {tab.status === 'ended' ? `The shell exited${tab.exitCode === null ? '' : ` (code ${tab.exitCode})`}.` : 'The shell was closed.'}
            {tab.error && (
              <>
                {' '}
                <code>{tab.error.code}</code> {printableLine(tab.error.message)}
              </>
            )}{' '}
            Reconnect starts a new shell.
          </p>
          {reconnect('Reconnect')}
        </div>
      );
  }
}

/** A call that failed while the shell goes on (a signal, saving history): shown until dismissed. */
export function TabNotice({ tab }: { tab: ShellTab }) {
  const dismissNotice = useDesk((s) => s.dismissNotice);
  if (!tab.notice) return null;
  return (
    <div className="shell-banner error" role="status">
      <p>
        <code>{tab.notice.code}</code> {printableLine(tab.notice.message)}
      </p>
      <button type="button" onClick={() => dismissNotice(tab.key)}>
        Dismiss
      </button>
    </div>
  );
}

/** After a second Ctrl-C within a second: the program ignores Ctrl-C; offer to end it for good. */
export function TerminateOffer({ tab, onDone }: { tab: ShellTab; onDone: () => void }) {
  const answerTerminateOffer = useDesk((s) => s.answerTerminateOffer);
  const keepRunning = useRef<HTMLButtonElement>(null);
  useEffect(() => keepRunning.current?.focus(), []);
  const answer = (terminate: boolean) => {
    answerTerminateOffer(tab.key, terminate);
    onDone();
  };
  const titleId = `terminate-${tab.key}`;
  return (
    <div
      className="shell-banner warning"
      role="alertdialog"
      aria-labelledby={titleId}
      onKeyDown={(event) => {
        if (event.key !== 'Escape') return;
        event.preventDefault();
        answer(false);
      }}
    >
      <p>
        <strong id={titleId}>Terminate the running program?</strong> Ctrl-C did not stop it. Terminating also ends this shell; Reconnect then starts a new one.
      </p>
      <button type="button" className="danger" onClick={() => answer(true)}>
        Terminate
      </button>
      <button type="button" ref={keepRunning} onClick={() => answer(false)}>
        Keep running
      </button>
    </div>
  );
}
