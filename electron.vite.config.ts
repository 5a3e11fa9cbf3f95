import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { builtinImports } from './electron/bundle/builtin-imports.ts';
import { undiciBundle } from './electron/bundle/undici-bundle.ts';
import { rendererConfig } from './renderer/vite.config.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    // undici's index loads all of undici; the bundle takes the parts we use from their own modules,
    // and bundles them (electron/bundle/undici-bundle.ts says what it changes). Built-ins are taken
    // without ES facades (electron/bundle/builtin-imports.ts).
    plugins: [undiciBundle(here('electron/bundle/no-http2.js')), builtinImports()],
    resolve: { alias: [{ find: /^undici$/, replacement: here('electron/bundle/undici-core.js') }] },
    build: {
      outDir: here('out/main'),
      externalizeDeps: { exclude: ['undici'] },
      rollupOptions: {
        input: { main: here('electron/main.ts'), cli: here('electron/cli.ts') },
        // Every start reads and decodes these files: ASCII-only text decodes fastest, and JSDoc
        // comments (the dependencies' and ours) are bytes no one reads there.
        output: { charset: 'ascii', comments: { jsdoc: false } },
      },
    },
  },
  preload: {
    build: {
      outDir: here('out/preload'),
      // Sandboxed preloads cannot be ES modules, and must not require anything but `electron`.
      externalizeDeps: false,
      rollupOptions: {
        input: { preload: here('electron/preload.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' },
      },
    },
  },
  renderer: {
    ...rendererConfig(here('out/renderer')),
    build: { ...rendererConfig(here('out/renderer')).build, rollupOptions: { input: here('renderer/index.html') } },
  },
});
