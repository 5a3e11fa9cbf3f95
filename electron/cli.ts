import { enableCompileCache } from 'node:module';

// Every run of the command line is a new process that compiles the same modules again: Node's
// compile cache (in the system's temporary directory, checked against each file's contents) lets
// later runs skip that. It is on before anything else is loaded, hence the dynamic import; where
// the directory cannot be written Node just compiles as before.
enableCompileCache();
await import('./cli/entry.ts');
