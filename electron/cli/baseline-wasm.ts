/**
 * V8 flags that keep WebAssembly in its baseline compiler (Liftoff) for the rest of the process.
 *
 * undici parses HTTP with llhttp compiled to WebAssembly. By default V8 also recompiles llhttp's
 * one large parsing function with its optimising compiler, in the background, and that compile
 * needs ~23 MiB at its peak: a short `exec` peaked at 84 MiB with it and 61 MiB without it, and a
 * 20 MB output at ~90 MiB against ~85. A command-line run reads a few hundred replies at most, of
 * which the parser reads only the headers (a body with a length is skipped, not scanned), so the
 * optimised code never pays for its compile.
 */
export const BASELINE_WASM_FLAGS = '--no-wasm-tier-up --no-wasm-dynamic-tiering';

/** The part of the WebAssembly namespace used here (the main process is typed without the DOM library, which declares it). */
interface WasmNamespace {
  Module: new (bytes: ArrayBuffer | ArrayBufferView) => object;
}

/**
 * Applies BASELINE_WASM_FLAGS when the first WebAssembly module is compiled, not before.
 *
 * Node's built-in modules carry code compiled ahead of time that V8 accepts only under the flags it
 * was made with: once any flag differs, each built-in loaded afterwards is compiled from its source,
 * ~2.5× slower (node:http, node:https and node:zlib took 31–43 ms instead of 10–15). By the first
 * compile, when undici makes its first connection, the run has loaded every built-in it uses; only
 * `new WebAssembly.Module` is watched, the way undici compiles its parser.
 */
export function keepWasmBaselineFromFirstCompile(wasm: WasmNamespace = (globalThis as unknown as { WebAssembly: WasmNamespace }).WebAssembly): void {
  const Module = wasm.Module;
  class FirstModule extends Module {
    constructor(bytes: ArrayBuffer | ArrayBufferView) {
      wasm.Module = Module;
      process.getBuiltinModule('node:v8').setFlagsFromString(BASELINE_WASM_FLAGS);
      super(bytes);
    }
  }
  wasm.Module = FirstModule;
}
