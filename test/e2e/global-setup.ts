import { mkdtemp, rm } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildHarnessAssets } from '../harness/build.ts';

declare module 'vitest' {
  export interface ProvidedContext {
    harnessAssets: string;
  }
}

/** Builds the production renderer and the harness shim once for every e2e file. */
export default async function setup(project: TestProject) {
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-e2e-'));
  await buildHarnessAssets(dir);
  project.provide('harnessAssets', dir);
  return () => rm(dir, { recursive: true, force: true });
}
