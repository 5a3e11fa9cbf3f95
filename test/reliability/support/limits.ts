/**
 * Runs `work` over `items` with at most `concurrency` in flight, each worker taking the next item
 * as soon as it is free (rolling waves). `stop` is asked before each item is started: once it says
 * yes, no new item starts and those in flight finish. Resolves with every started item's outcome.
 */
export async function runLimited<T, R>(
  items: readonly T[],
  concurrency: number,
  work: (item: T) => Promise<R>,
  stop: (item: T) => boolean = () => false,
): Promise<PromiseSettledResult<R>[]> {
  const outcomes: PromiseSettledResult<R>[] = [];
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const item = items[next++]!;
      if (stop(item)) return;
      try {
        outcomes.push({ status: 'fulfilled', value: await work(item) });
      } catch (reason) {
        outcomes.push({ status: 'rejected', reason });
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(concurrency, items.length) }, worker));
  return outcomes;
}

/** `promise`, or a rejection naming `what` once `ms` have passed (the timer never keeps the process alive). */
export function withDeadline<T>(promise: Promise<T>, ms: number, what: string): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`${what}: not done within ${ms} ms`)), ms).unref();
  });
  return Promise.race([promise, late]).finally(() => clearTimeout(timer));
}
