// What the bundled main process and CLI take from undici, loaded from its own modules rather than
// through undici's index, which also loads fetch, WebSocket, the caches, the mocks and the proxy
// agents: ~100 ms of the CLI's start that it never uses. electron.vite.config.ts points `undici` here
// for the bundle only; the sources (tests, `node electron/cli.ts`) import undici itself.
// test/electron/bundle/undici-core.test.ts checks that these are undici's own exports.
import Client from 'undici/lib/dispatcher/client.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import api from 'undici/lib/api/index.js';
import buildConnector from 'undici/lib/core/connect.js';
import errors from 'undici/lib/core/errors.js';

// undici's index adds request(), stream() and the rest to every dispatcher in the same way; doing it
// twice (should the index be loaded too) assigns the same functions again.
Object.assign(Dispatcher.prototype, api);

export { Client, buildConnector, errors };
