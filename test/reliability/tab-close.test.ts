import { describe, expect, it } from 'vitest';
import { openShell } from '../../electron/connections/open-session.ts';
import type { ConnectionRequest } from '../../electron/connections/request.ts';
import type { TabOwner, TabPort } from '../../electron/sessions/tab-port.ts';
import { TabRegistry } from '../../electron/sessions/tab-registry.ts';
import type { MainFrame } from '../../shared/ipc/session-frames.ts';
import type { HostileWinrmServer } from './hostile-winrm-server.ts';
import { answers, hostileServerForFile } from './hostile-winrm-server.ts';

// Issue 11, item 2, in the app: closing a tab (or the window, or quitting) deletes its shell and
// closes its session. Against a server that storms Receives and never answers the Delete, that used
// to wait for the Delete's headers timeout (OperationTimeout + 30 s) with the Receive still held;
// now the Delete has a deadline, the session is cut off after a short grace, and the log says why.

let server: HostileWinrmServer;
hostileServerForFile((started) => (server = started));

function request(): ConnectionRequest {
  return {
    endpoint: new URL(server.url),
    auth: 'basic',
    identity: { kind: 'password', userName: 'u', password: async () => 'p' },
    ntlmFallback: false,
    encryption: 'never',
    tls: { mode: 'system' },
    operationTimeoutSec: 5,
    shell: {},
    routes: [null],
  };
}

function owner(frames: MainFrame[]): TabOwner {
  return {
    id: 'window-1',
    openPort: (): TabPort => ({ post: (frame) => frames.push(frame), onFrame: () => undefined, onClose: () => undefined, close: () => undefined }),
  };
}

const DEADLINE_MS = 1500;

describe('closing a tab whose server never answers', { timeout: 15_000 }, () => {
  it.each([
    ['close', (tabs: TabRegistry, page: TabOwner, tabId: string) => tabs.close(page, tabId)],
    ['quit', (tabs: TabRegistry) => tabs.closeAll()],
  ])('%s ends within the deletion deadline and a short grace, and reports TIMEOUT', async (_label, closeIt) => {
    server.answer({ Receive: answers.emptyReceive, Delete: answers.never });
    const reports: string[] = [];
    const frames: MainFrame[] = [];
    const tabs = new TabRegistry({
      openHostShell: async () => ({ opened: await openShell(request(), { kerberos: () => { throw new Error('no Kerberos here'); } }), hostName: 'dc\u001b]0;x\u0007' }),
      report: (message) => reports.push(message),
      shellDeleteDeadlineMs: DEADLINE_MS,
    });
    const page = owner(frames);
    const { tabId } = await tabs.open(page, 'h_hostile01');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const started = performance.now();
    await closeIt(tabs, page, tabId);
    expect(performance.now() - started).toBeLessThan(DEADLINE_MS + 1500);
    expect(reports).toEqual(['The remote shell of the tab on "dc␛]0;x␇" could not be deleted (TIMEOUT); it ends when its idle timeout passes.']);
    expect(server.count('Delete')).toBe(1);
    expect(tabs.size).toBe(0);
    // The storm stopped with the session: no Receive after the close.
    const after = server.count('Receive');
    await new Promise((resolve) => setTimeout(resolve, 1200));
    expect(server.count('Receive')).toBe(after);
  });
});
