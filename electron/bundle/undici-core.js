// What the bundled main process and CLI take from undici, loaded from its own modules rather than
// through undici's index, which also loads fetch, WebSocket, the caches, the mocks and the proxy
// agents: ~100 ms of the CLI's start that it never uses. Of the dispatcher API only request() is
// used (electron/http/pinned-connection.ts). electron.vite.config.ts points `undici` here
// for the bundle only; the sources (tests, `node electron/cli.ts`) import undici itself.
// test/electron/bundle/undici-core.test.ts checks that these are undici's own exports.
import Client from 'undici/lib/dispatcher/client.js';
import Dispatcher from 'undici/lib/dispatcher/dispatcher.js';
import request from 'undici/lib/api/api-request.js';
import buildConnector from 'undici/lib/core/connect.js';
import errors from 'undici/lib/core/errors.js';

// undici's index adds request() (with stream() and the rest) to every dispatcher in the same way;
// doing it twice (should the index be loaded too) assigns the same function again.
Dispatcher.prototype.request = request;

export { Client, buildConnector, errors };
