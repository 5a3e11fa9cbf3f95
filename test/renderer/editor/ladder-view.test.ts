import { describe, expect, it } from 'vitest';
import type { LadderStep } from '../../../shared/domain/connection-test.ts';
import { formatDuration, nextStep } from '../../../renderer/src/editor/ladder-view.ts';

const step = (name: LadderStep['step']): LadderStep => ({ step: name, status: 'ok', detail: '' });

describe('the ladder as shown', () => {
  it.each([
    [[], 'plan'],
    [[step('plan'), step('resolve')], 'tcp'],
    [[step('plan'), step('resolve'), step('tcp'), step('proxy-auth'), step('tunnel')], 'tls'],
    [[step('shell-delete')], null],
  ] as const)('after %j the test is at %s', (steps, expected) => {
    expect(nextStep(steps)).toBe(expected);
  });

  it.each([
    [0, '0 ms'],
    [12.4, '12 ms'],
    [999.4, '999 ms'],
    [1400, '1.4 s'],
    [12_345, '12 s'],
    [125_000, '2 min 5 s'],
  ])('%d ms reads %s', (ms, text) => {
    expect(formatDuration(ms)).toBe(text);
  });
});
