import path from 'node:path';
import type { Plugin } from 'vite';

// How the main-process bundle (app and command line) takes undici: its modules are bundled (one
// file read instead of some thirty CommonJS loads per start), except the WebAssembly parsers,
// which are plain data loaded only when a connection needs one. Two changes to undici as bundled:
//
// - node:http2 is replaced by electron/bundle/no-http2.js. undici's h2 client requires it as it
//   loads, and node:http2 brings node:tls with it, even for http:// URLs: ~10 ms of every CLI start.
//   Every Client we make sets allowH2: false, so the h2 client is never started.
// - The parsers' data modules (llhttp's two WebAssembly builds, milo's two) stay in node_modules:
//   ~300 kB of base64 that every start would otherwise read and decode, for one of them used.
//
// test/electron/bundle/undici-bundle.test.ts checks the built bundle for both.

const UNDICI_LIB = `${path.sep}node_modules${path.sep}undici${path.sep}lib${path.sep}`;
const DISPATCHER = `${UNDICI_LIB}dispatcher${path.sep}`;
const H2_CLIENT = `${DISPATCHER}client-h2.js`;
const HTTP2_REQUIRE = "require('node:http2')";
/** undici's parser data, as its modules require them, relative to lib/dispatcher/. */
const PARSER_DATA = new Set(['../llhttp/llhttp-wasm.js', '../llhttp/llhttp_simd-wasm.js', '../milo/simd.js', '../milo/no-simd.js']);

export function undiciBundle(noHttp2File: string): Plugin {
  return {
    name: 'winrm-desk-undici-bundle',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer?.includes(DISPATCHER) || !PARSER_DATA.has(source)) return null;
      return { id: `undici/lib/${source.slice('../'.length)}`, external: true };
    },
    transform(code, id) {
      if (!id.endsWith(H2_CLIENT)) return null;
      // An undici upgrade that loads node:http2 differently fails the build here, not the app later.
      if (code.split(HTTP2_REQUIRE).length !== 2) throw new Error(`${id}: expected exactly one ${HTTP2_REQUIRE} (electron/bundle/undici-bundle.ts)`);
      return { code: code.replace(HTTP2_REQUIRE, `require(${JSON.stringify(noHttp2File)})`), map: null };
    },
  };
}
