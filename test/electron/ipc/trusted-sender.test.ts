import { describe, expect, it } from 'vitest';
import { appOriginOf, isAppMainFrame } from '../../../electron/ipc/trusted-sender.ts';

const packaged = appOriginOf('app://desk/index.html');
const dev = appOriginOf('http://localhost:5173/');

describe('isAppMainFrame', () => {
  it.each([
    ['the packaged main frame', { url: 'app://desk/index.html', parent: null }, true, packaged, true],
    ['the dev-server main frame', { url: 'http://localhost:5173/#hosts', parent: null }, true, dev, true],
    ['an iframe inside the app', { url: 'app://desk/index.html', parent: {} }, true, packaged, false],
    ['a frame of a window that is not ours', { url: 'app://desk/index.html', parent: null }, false, packaged, false],
    ['a page navigated to the web', { url: 'https://evil.example/', parent: null }, true, packaged, false],
    ['another app:// host', { url: 'app://other/index.html', parent: null }, true, packaged, false],
    ['a file:// page', { url: 'file:///tmp/index.html', parent: null }, true, packaged, false],
    ['another dev-server port', { url: 'http://localhost:5174/', parent: null }, true, dev, false],
    ['credentials smuggled into the URL', { url: 'http://user:pw@localhost:5173/', parent: null }, true, dev, false],
    ['an unparsable URL', { url: 'not a url', parent: null }, true, packaged, false],
    ['a destroyed frame', null, true, packaged, false],
  ])('%s', (_label, frame, ownWindow, origin, expected) => {
    expect(isAppMainFrame(frame, ownWindow, origin)).toBe(expected);
  });
});
