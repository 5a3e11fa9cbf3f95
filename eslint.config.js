import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

// Layering (../DESIGN §1): renderer → shared ← electron. shared/ is pure data and policy; the renderer
// reaches main only through the preload API; only the Electron entry points and adapters import the
// `electron` package, so the core runs in plain Node (CLI, tests).
const NODE_BUILTINS = ['node:*', 'fs', 'fs/*', 'net', 'tls', 'http', 'https', 'crypto', 'child_process', 'os', 'path', 'url', 'stream', 'dns', 'worker_threads'];
const MAIN_ONLY_PACKAGES = ['electron', 'undici', 'winrm-desk-gssapi', 'electron-store', 'conf'];

function forbid(patterns, message) {
  return { 'no-restricted-imports': ['error', { patterns: [{ group: patterns, message }] }] };
}

export default tseslint.config(
  { ignores: ['out/**', 'dist/**', 'node_modules/**', 'test/rig/**/*.py', 'electron/native/*/build/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    languageOptions: { ecmaVersion: 2024, sourceType: 'module' },
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      '@typescript-eslint/consistent-type-imports': 'error',
    },
  },
  {
    files: ['electron/**/*.ts', 'electron/**/*.js', 'test/**/*.ts', '*.config.ts', '*.config.js', 'renderer/vite.config.ts'],
    languageOptions: { globals: globals.node },
  },
  {
    // The native addon's loader is CommonJS: node-gyp's output is loaded with require().
    files: ['electron/native/**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    languageOptions: { globals: globals.browser },
    plugins: { 'react-hooks': reactHooks },
    rules: reactHooks.configs.recommended.rules,
  },
  {
    files: ['shared/**/*.ts'],
    rules: forbid(
      ['**/electron/**', '**/renderer/**', '**/test/**', ...MAIN_ONLY_PACKAGES, 'react', 'react-dom', 'zustand', ...NODE_BUILTINS],
      'shared/ is pure: no Node, Electron, network or UI imports, and nothing from electron/ or renderer/.',
    ),
  },
  {
    files: ['renderer/**/*.{ts,tsx}'],
    ignores: ['renderer/vite.config.ts'],
    rules: forbid(
      ['**/electron/**', '**/test/**', ...MAIN_ONLY_PACKAGES, ...NODE_BUILTINS],
      'The renderer talks to main only through the preload API typed by shared/.',
    ),
  },
  {
    files: ['electron/**/*.ts'],
    ignores: ['electron/main.ts', 'electron/preload.ts', 'electron/app/**', 'electron/ipc/electron-*.ts', 'electron/store/electron-*.ts'],
    rules: forbid(['electron', '**/renderer/**'], 'Only the Electron entry points and adapters import electron; the core must run in plain Node.'),
  },
  {
    files: ['electron/main.ts', 'electron/preload.ts', 'electron/app/**', 'electron/ipc/electron-*.ts', 'electron/store/electron-*.ts'],
    rules: forbid(['**/renderer/**'], 'Main never imports renderer code.'),
  },
);
