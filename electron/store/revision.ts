/**
 * A counter that moves on every change of the saved profiles, and the long poll pages follow it by.
 * One per set of app services (the app, each harness), never module state.
 */
export class Revision {
  readonly #waitMs: number;
  readonly #waiting = new Set<() => void>();
  #value = 0;

  /** `waitMs`: how long `next` holds a request open without a change before answering anyway. */
  constructor(waitMs: number) {
    this.#waitMs = waitMs;
  }

  get value(): number {
    return this.#value;
  }

  bump(): void {
    this.#value++;
    this.#wake();
  }

  /** The revision once it differs from `since` (at once if it already does), or after the wait. */
  next(since: number): Promise<number> {
    if (this.#value !== since) return Promise.resolve(this.#value);
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.#waiting.delete(done);
        resolve(this.#value);
      };
      const timer = setTimeout(done, this.#waitMs);
      this.#waiting.add(done);
    });
  }

  /** Answers every open request now (the app is going). */
  dispose(): void {
    this.#wake();
  }

  #wake(): void {
    for (const done of [...this.#waiting]) done();
  }
}
