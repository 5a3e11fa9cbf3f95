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
  // The rig project holds the e2e files that need the rig; a run filtered to other rig files (the
  // usual `vitest run --project rig test/electron/…`) does not need the renderer built.
  const filters = (project.vitest as unknown as { filenamePattern?: readonly string[] }).filenamePattern;
  if (project.name === 'rig' && filters?.length && !filters.some((filter) => filter.includes('e2e'))) {
    project.provide('harnessAssets', '');
    return;
  }
  const dir = await mkdtemp(path.join(os.tmpdir(), 'winrm-desk-e2e-'));
  await buildHarnessAssets(dir);
  project.provide('harnessAssets', dir);
  return () => rm(dir, { recursive: true, force: true });
}
