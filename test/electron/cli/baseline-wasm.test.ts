import { execFile } from 'node:child_process';
import { pathToFileURL } from 'node:url';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';

const MODULE = pathToFileURL(new URL('../../../electron/cli/baseline-wasm.ts', import.meta.url).pathname).href;

// (func (export "f") (param i32) (result i32)): sums n, n-1, ... 1 in a loop, hot enough for V8 to
// optimise it when it may.
const SUM_BODY = [1, 1, 0x7f, 0x03, 0x40, 0x20, 1, 0x20, 0, 0x6a, 0x21, 1, 0x20, 0, 0x41, 1, 0x6b, 0x22, 0, 0x0d, 0, 0x0b, 0x20, 1, 0x0b];
const SUM_MODULE = [0, 0x61, 0x73, 0x6d, 1, 0, 0, 0, 1, 6, 1, 0x60, 1, 0x7f, 1, 0x7f, 3, 2, 1, 0, 7, 5, 1, 1, 0x66, 0, 0, 10, SUM_BODY.length + 2, 1, SUM_BODY.length, ...SUM_BODY];

/**
 * Runs a hot WebAssembly function in a new Node process (with or without the watch installed first)
 * until V8 has optimised it or `waitMs` has passed; says which tier it ended in, and whether
 * WebAssembly.Module was V8's own again once the first module was compiled.
 */
async function tierAfterHotLoop(watch: boolean, waitMs: number): Promise<{ liftoff: boolean; turbofan: boolean; sum: number; restored: boolean }> {
  const script = `
    const own = WebAssembly.Module;
    ${watch ? `(await import(${JSON.stringify(MODULE)})).keepWasmBaselineFromFirstCompile();` : ''}
    const f = new WebAssembly.Instance(new WebAssembly.Module(new Uint8Array(${JSON.stringify(SUM_MODULE)}))).exports.f;
    const until = Date.now() + ${waitMs};
    let sum = 0;
    while (!%IsTurboFanFunction(f) && Date.now() < until) {
      for (let i = 0; i < 500; i++) sum = f(10000);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
    console.log(JSON.stringify({ liftoff: %IsLiftoffFunction(f), turbofan: %IsTurboFanFunction(f), sum, restored: WebAssembly.Module === own }));`;
  const { stdout } = await promisify(execFile)(process.execPath, ['--allow-natives-syntax', '--input-type=module', '-e', script], { timeout: 30_000 });
  return JSON.parse(stdout) as { liftoff: boolean; turbofan: boolean; sum: number; restored: boolean };
}

describe('keepWasmBaselineFromFirstCompile', () => {
  it('keeps a hot WebAssembly function in the baseline tier, where V8 would otherwise optimise it, and leaves WebAssembly.Module as it was', async () => {
    const [kept, usual] = await Promise.all([tierAfterHotLoop(true, 1500), tierAfterHotLoop(false, 10_000)]);
    // Without the watch the same loop ends optimised: the check above can tell the tiers apart.
    expect(usual).toEqual({ liftoff: false, turbofan: true, sum: 50_005_000, restored: true });
    expect(kept).toEqual({ liftoff: true, turbofan: false, sum: 50_005_000, restored: true });
  });

  it('touches V8’s flags only when the first module is compiled', async () => {
    // node:v8 is what sets flags: not loaded before the first compile, loaded by it.
    const script = `
      const loaded = () => process.moduleLoadList.includes('NativeModule v8');
      (await import(${JSON.stringify(MODULE)})).keepWasmBaselineFromFirstCompile();
      const before = loaded();
      new WebAssembly.Module(new Uint8Array(${JSON.stringify(SUM_MODULE)}));
      console.log(JSON.stringify({ before, after: loaded() }));`;
    const { stdout } = await promisify(execFile)(process.execPath, ['--input-type=module', '-e', script], { timeout: 30_000 });
    expect(JSON.parse(stdout)).toEqual({ before: false, after: true });
  });
});
