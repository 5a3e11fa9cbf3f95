import { defineConfig } from 'electron-vite';
import config from '../../../electron.vite.config.ts';

// The main-process bundle exactly as `npm run build` makes it, without the preload and renderer:
// what bundled-cli.rig.test.ts builds into a directory of its own.
export default defineConfig({ main: (config as { main: object }).main });
