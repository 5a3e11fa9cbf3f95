import { existsSync } from 'node:fs';
import { defineConfig, type TestProjectInlineConfiguration } from 'vitest/config';

const projects: TestProjectInlineConfiguration[] = [
  {
    test: {
      name: 'unit',
      include: ['test/shared/**/*.test.ts', 'test/electron/**/*.test.ts', 'test/renderer/**/*.test.ts', 'test/reliability/**/*.test.ts', 'test/tooling/**/*.test.ts', 'test/harness/**/*.test.ts'],
      exclude: ['**/*.rig.test.ts'],
      environment: 'node',
      setupFiles: ['test/support/fast-check-seed.ts'],
    },
  },
  {
    test: {
      name: 'e2e',
      include: ['test/e2e/**/*.test.ts'],
      // Shell tabs need the rig's servers: those e2e files are *.rig.test.ts and run in the rig project.
      exclude: ['**/*.rig.test.ts'],
      globalSetup: ['test/e2e/global-setup.ts'],
      testTimeout: 60_000,
      hookTimeout: 120_000,
    },
  },
];

// The rig (KDC, proxies, test WinRM server) starts once per run, only when its tests are present.
if (existsSync('test/rig/global-setup.ts')) {
  projects.push({
    test: {
      name: 'rig',
      // Rig tests: the rig's own, and any test elsewhere named *.rig.test.ts (protocol, auth, CLI).
      include: ['test/rig/**/*.test.ts', 'test/**/*.rig.test.ts'],
      // The e2e files among them (test/e2e/*.rig.test.ts) also need the built renderer and harness shim.
      globalSetup: ['test/rig/global-setup.ts', 'test/e2e/global-setup.ts'],
      testTimeout: 120_000,
      hookTimeout: 180_000,
      fileParallelism: false,
    },
  });
}

export default defineConfig({ test: { projects } });
