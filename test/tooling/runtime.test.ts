import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('test runtime', () => {
  it('runs on Node 24, the Node that Electron’s main process ships', () => {
    // `npm test` puts the `node` devDependency first on PATH; this fails if the machine's Node ran us.
    const pinned = JSON.parse(readFileSync('package.json', 'utf8')).devDependencies.node as string;
    expect(pinned).toMatch(/^\^?24\./);
    expect(process.versions.node.split('.')[0]).toBe('24');
  });

});
