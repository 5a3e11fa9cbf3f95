import { DeskError, type ErrorCode } from '../../shared/errors.ts';

// Shared by the property tests of the parsers that read what a server (or a proxy) sends: each run
// must return, or throw a DeskError with one of the codes the parser is meant to use; anything else
// (a TypeError, a RangeError, a stack overflow) fails the property with the input that caused it.
// No vitest here: the bench (case L) reads the same large inputs through these helpers.

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
  if (error.message.length >= 1_000) throw new Error(`a message of ${error.message.length} characters (${error.code}): it quotes its input`, { cause: error });
  return { ok: false, error };
}

export const ONE_MB = 1024 * 1024;

/**
 * A large hostile input (1 MB of line feeds, 65 532 AV pairs, a byte-at-a-time head…) at a size of the
 * caller's choosing. The unit tests read it at `bytes` and check its outcome; the bench (case L,
 * test/bench/cases/large-inputs.ts) times the read at `bytes` and twice that, which shows whether the
 * time grows linearly with the input.
 */
export interface LargeInput {
  readonly label: string;
  /** The size the unit test reads; ONE_MB unless said. */
  readonly bytes?: number;
  /** The largest size the format takes (a 16-bit count, a length limit): the bench reads half of it and it. */
  readonly largest?: number;
  /** What reading it at `bytes` gives: a short account of the value, or the code it is refused with. */
  readonly outcome: string;
  /** Builds the input (not timed); `read` reads it as the client does, and throws a DeskError to refuse it. */
  build(bytes: number): { readonly size: number; read(): string | Promise<string> };
}

/**
 * `text` as a client holds what it read off a socket or out of a file: one flat string decoded from
 * UTF-8. A string built by concatenation or `repeat` is a rope, which reads at another speed until
 * the engine flattens it, and that made the bench's figures jump between runs.
 */
export function asDecoded(text: string): string {
  return Buffer.from(text, 'utf8').toString('utf8');
}

/** Reads `input` at its unit-test size: the size built and the outcome, a refusal as its code. */
export async function readLargeInput(input: LargeInput, codes: readonly ErrorCode[]): Promise<{ size: number; outcome: string }> {
  const { size, read } = input.build(input.bytes ?? ONE_MB);
  const outcome = await asyncOutcomeOf(async () => read(), codes);
  return { size, outcome: outcome.ok ? outcome.value : outcome.error.code };
}

/** How many cases each property runs: thousands, while each file stays within seconds. */
export const RUNS = 3_000;

/**
 * The vitest timeout of these tests: only a backstop against a quadratic pass, which would take
 * minutes. vitest's default of 5 s fails a test that merely ran long (a synchronous one too), and
 * 3 000 property cases took over 5 s on a loaded 2-core machine. Speed is the bench's (case L).
 */
export const BACKSTOP = { timeout: 60_000 } as const;
