import { expect } from 'vitest';
import { DeskError, type ErrorCode } from '../../shared/errors.ts';

// Shared by the property tests of the parsers that read what a server (or a proxy) sends: each run
// must return, or throw a DeskError with one of the codes the parser is meant to use; anything else
// (a TypeError, a RangeError, a stack overflow) fails the property with the input that caused it.

export type Outcome<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: DeskError };

export function outcomeOf<T>(parse: () => T, codes: readonly ErrorCode[]): Outcome<T> {
  try {
    return { ok: true, value: parse() };
  } catch (error) {
    return refused(error, codes);
  }
}

export async function asyncOutcomeOf<T>(parse: () => Promise<T>, codes: readonly ErrorCode[]): Promise<Outcome<T>> {
  try {
    return { ok: true, value: await parse() };
  } catch (error) {
    return refused(error, codes);
  }
}

function refused(error: unknown, codes: readonly ErrorCode[]): Outcome<never> {
  if (!(error instanceof DeskError)) throw new Error(`not a DeskError: ${String(error)}`, { cause: error });
  if (!codes.includes(error.code)) throw new Error(`unexpected code ${error.code}: ${error.message}`, { cause: error });
  // A message quotes at most a short excerpt of what it failed on, never the input itself.
  expect(error.message.length).toBeLessThan(1_000);
  return { ok: false, error };
}

export const ONE_MB = 1024 * 1024;

/**
 * How long 1 MB of hostile input may take. Generous (a linear pass takes milliseconds, even on a
 * loaded 2-core machine), so only a super-linear algorithm misses it: the quadratic framing reader
 * of issue 11 took 21 s for 160 000 line feeds, and would take minutes for 1 MB.
 */
export const LINEAR_LIMIT_MS = 2_000;

/** Runs `action` and returns the milliseconds it took. */
export function elapsedMs(action: () => void): number {
  const started = performance.now();
  action();
  return performance.now() - started;
}

/** How many cases each property runs: thousands, while each file stays within seconds. */
export const RUNS = 3_000;
