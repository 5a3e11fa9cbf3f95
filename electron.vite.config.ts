import { defineConfig } from 'electron-vite';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from './renderer/vite.config.ts';

const here = (p: string) => fileURLToPath(new URL(p, import.meta.url));

export default defineConfig({
  main: {
    // undici's index loads all of undici; the bundle takes the parts we use from their own modules.
    resolve: { alias: [{ find: /^undici$/, replacement: here('electron/bundle/undici-core.js') }] },
    build: {
      outDir: here('out/main'),
      externalizeDeps: { exclude: ['undici'] },
      rollupOptions: {
        input: { main: here('electron/main.ts'), cli: here('electron/cli.ts') },
        // Still loaded from node_modules, as every other dependency is.
        external: [/^undici\//],
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
