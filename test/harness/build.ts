import { build } from 'vite';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { rendererConfig } from '../../renderer/vite.config.ts';

export interface HarnessAssets {
  readonly rendererDir: string;
  readonly shimFile: string;
}

/** Builds the production renderer bundle and the page shim into `outDir` (test/dev only). */
export async function buildHarnessAssets(outDir: string): Promise<HarnessAssets> {
  const rendererDir = path.join(outDir, 'renderer');
  await build({ ...rendererConfig(rendererDir), configFile: false, logLevel: 'warn' });
  await build({
    configFile: false,
    logLevel: 'warn',
    build: {
      outDir,
      emptyOutDir: false,
      minify: false,
      lib: {
        entry: fileURLToPath(new URL('./page-shim.ts', import.meta.url)),
        formats: ['iife'],
        name: 'winrmDeskHarnessShim',
        fileName: () => 'shim.js',
      },
    },
  });
  return { rendererDir, shimFile: path.join(outDir, 'shim.js') };
}
