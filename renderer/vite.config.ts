import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import type { Plugin, UserConfig } from 'vite';
import { RENDERER_CSP_META } from '../shared/csp.ts';

const root = fileURLToPath(new URL('.', import.meta.url));

// One CSP source for the meta tag, the Electron session header and the harness.
function cspMeta(): Plugin {
  return { name: 'winrm-desk-csp', transformIndexHtml: (html) => html.replace('%RENDERER_CSP%', RENDERER_CSP_META) };
}

/** The renderer build, used by electron-vite for the app and by the browser test harness. */
export function rendererConfig(outDir: string): UserConfig {
  return {
    root,
    base: './',
    plugins: [react(), cspMeta()],
    // One bundle, read from disk by Electron (xterm is most of it): no size to split for.
    build: { outDir, emptyOutDir: true, target: 'chrome130', minify: true, sourcemap: false, chunkSizeWarningLimit: 1500 },
  };
}
