import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { ERROR_CODES } from '../../shared/errors.ts';

describe('README', () => {
  it('documents every error code the app can report', () => {
    const readme = readFileSync('README.md', 'utf8');
    const missing = ERROR_CODES.filter((code) => !readme.includes(`| \`${code}\` |`));
    expect(missing).toEqual([]);
  });
});
