import { enableCompileCache } from 'node:module';
import { homedir } from 'node:os';
import { keepWasmBaselineFromFirstCompile } from './cli/baseline-wasm.ts';
import { compileCacheDirectory } from './cli/compile-cache.ts';

// Every run of the command line is a new process that compiles the same modules again: Node's
// compile cache (checked against each file's contents) lets later runs skip that. It is on before
// anything else is loaded, hence the dynamic import; where the directory cannot be written Node
// just compiles as before. NODE_COMPILE_CACHE, when set, is the user's choice and wins.
enableCompileCache(process.env['NODE_COMPILE_CACHE'] ? undefined : compileCacheDirectory(process.env, process.platform, homedir()));
keepWasmBaselineFromFirstCompile();
await import('./cli/entry.ts');
