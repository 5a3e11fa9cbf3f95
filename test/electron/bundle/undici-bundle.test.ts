import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { undiciBundle } from '../../../electron/bundle/undici-bundle.ts';

const require = createRequire(import.meta.url);
const NO_HTTP2 = path.resolve('electron/bundle/no-http2.js');
// Plain JavaScript without declarations, as undici-core.js.
const stub = (await import(NO_HTTP2)) as { constants: object; connect: () => never };
const H2_CLIENT = require.resolve('undici/lib/dispatcher/client-h2.js');
const H1_CLIENT = require.resolve('undici/lib/dispatcher/client-h1.js');
const PARSER_H1 = require.resolve('undici/lib/dispatcher/parser-h1.js');

type Hook = (this: unknown, ...args: unknown[]) => unknown;
const plugin = undiciBundle(NO_HTTP2);
const transform = (code: string, id: string) => (plugin.transform as Hook).call({}, code, id) as { code: string } | null;
const resolveId = (source: string, importer: string) => (plugin.resolveId as Hook).call({}, source, importer) as { id: string; external: boolean } | null;

describe('undici as bundled', () => {
  it('takes node:http2 from the stand-in in undici’s h2 client, and changes nothing else there', () => {
    const source = readFileSync(H2_CLIENT, 'utf8');
    const result = transform(source, H2_CLIENT)!;
    expect(result.code).not.toContain("require('node:http2')");
    expect(result.code).toContain(`require(${JSON.stringify(NO_HTTP2)})`);
    expect(result.code.length - source.length).toBe(JSON.stringify(NO_HTTP2).length - "'node:http2'".length);
  });

  it('fails the build when an undici upgrade no longer loads node:http2 that way', () => {
    expect(() => transform("const http2 = require('http2')", H2_CLIENT)).toThrow(/expected exactly one require\('node:http2'\)/);
  });

  it('leaves every other module alone', () => {
    expect(transform("require('node:http2')", H1_CLIENT)).toBeNull();
  });

  it('leaves the parsers’ data in node_modules, under names that resolve from the bundle', () => {
    expect(resolveId('../llhttp/llhttp_simd-wasm.js', H1_CLIENT)).toEqual({ id: 'undici/lib/llhttp/llhttp_simd-wasm.js', external: true });
    expect(resolveId('../llhttp/llhttp-wasm.js', H1_CLIENT)).toEqual({ id: 'undici/lib/llhttp/llhttp-wasm.js', external: true });
    expect(resolveId('../milo/simd.js', PARSER_H1)).toEqual({ id: 'undici/lib/milo/simd.js', external: true });
    for (const id of ['llhttp/llhttp_simd-wasm.js', 'llhttp/llhttp-wasm.js', 'milo/simd.js', 'milo/no-simd.js']) {
      expect(require.resolve(`undici/lib/${id}`)).toBe(path.join(path.dirname(H1_CLIENT), '..', id));
    }
    // Only undici's own requests for them: the same relative name elsewhere is bundled as usual.
    expect(resolveId('../llhttp/llhttp-wasm.js', path.resolve('electron/http/x.ts'))).toBeNull();
    expect(resolveId('../core/util.js', H1_CLIENT)).toBeNull();
  });

  it('the llhttp data module undici loads first is self-contained (nothing of undici’s state in it)', () => {
    const source = readFileSync(require.resolve('undici/lib/llhttp/llhttp_simd-wasm.js'), 'utf8');
    expect(source.match(/require\([^)]*\)/g)).toEqual(["require('node:buffer')"]);
  });

  it('the stand-in has the constants undici reads and refuses to open an HTTP/2 session', () => {
    expect(stub.constants).toEqual({});
    expect(() => stub.connect()).toThrow(/allowH2: false/);
  });
});
