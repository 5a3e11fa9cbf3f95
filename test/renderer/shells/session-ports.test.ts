import { describe, expect, it } from 'vitest';
import { SESSION_PORT_MESSAGE } from '../../../shared/ipc/session-frames.ts';
import { collectSessionPorts, type FramePort, type PortMessageEvent, type PortWindow } from '../../../renderer/src/shells/session-ports.ts';

const TAB = 't_abcdef123';

function fakePort(name: string): FramePort & { closed: boolean; name: string } {
  return { name, closed: false, postMessage() {}, start() {}, addEventListener() {}, close() { this.closed = true; } };
}

function fakeWindow() {
  const listeners: ((event: PortMessageEvent) => void)[] = [];
  const win: PortWindow = { addEventListener: (_type, listener) => listeners.push(listener) };
  const post = (event: Partial<PortMessageEvent>) => {
    for (const listener of listeners) listener({ source: win, data: { type: SESSION_PORT_MESSAGE, tabId: TAB }, ports: [], ...event });
  };
  return { win, post };
}

describe('collectSessionPorts', () => {
  it('hands out a port that arrived before anyone asked, once', async () => {
    const { win, post } = fakeWindow();
    const ports = collectSessionPorts(win);
    const port = fakePort('first');
    post({ ports: [port] });
    await expect(ports.take(TAB)).resolves.toBe(port);
    await expect(ports.take(TAB, 10)).resolves.toBeNull();
  });

  it('waits for a port that arrives after the tab asked', async () => {
    const { win, post } = fakeWindow();
    const ports = collectSessionPorts(win);
    const taken = ports.take(TAB);
    const port = fakePort('late');
    post({ ports: [port] });
    await expect(taken).resolves.toBe(port);
  });

  it('gives up after the timeout', async () => {
    const { win } = fakeWindow();
    await expect(collectSessionPorts(win).take(TAB, 10)).resolves.toBeNull();
  });

  it('keeps the newest port for a tab and closes the one it replaces (reconnect)', async () => {
    const { win, post } = fakeWindow();
    const ports = collectSessionPorts(win);
    const old = fakePort('old');
    const fresh = fakePort('new');
    post({ ports: [old] });
    post({ ports: [fresh] });
    expect(old.closed).toBe(true);
    await expect(ports.take(TAB)).resolves.toBe(fresh);
  });

  it.each([
    { name: 'another window or frame as the source', event: { source: {} } },
    { name: 'a message of another type', event: { data: { type: 'something-else', tabId: TAB } } },
    { name: 'a malformed tab id', event: { data: { type: SESSION_PORT_MESSAGE, tabId: '../x' } } },
    { name: 'no data', event: { data: null } },
    { name: 'no port', event: { ports: [] } },
    { name: 'two ports', event: { ports: [fakePort('a'), fakePort('b')] } },
  ])('ignores $name', async ({ event }) => {
    const { win, post } = fakeWindow();
    const ports = collectSessionPorts(win);
    post({ ports: [fakePort('valid-looking')], ...event });
    await expect(ports.take(TAB, 10)).resolves.toBeNull();
  });
});
