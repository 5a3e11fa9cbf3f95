import { setTimeout as delay } from 'node:timers/promises';
import v8 from 'node:v8';
import vm from 'node:vm';

// vitest starts its workers without --expose-gc, and a test file cannot change their execArgv. The
// flag can still be set at run time: a context created after it has `gc` as a global.
v8.setFlagsFromString('--expose-gc');
const gc = vm.runInNewContext('gc') as () => void;

export interface MemorySnapshot {
  readonly rss: number;
  readonly heapUsed: number;
  readonly external: number;
}

/** Memory after full collections (with pauses so sockets' close callbacks and finalizers run between them). */
export async function settledMemory(): Promise<MemorySnapshot> {
  for (let i = 0; i < 4; i++) {
    gc();
    await delay(50);
  }
  const { rss, heapUsed, external } = process.memoryUsage();
  return { rss, heapUsed, external };
}

/** Samples RSS and heap (no collection) every `intervalMs` until stopped; reports the highest seen. */
export function peakSampler(intervalMs: number): { stop(): { rss: number; heapUsed: number } } {
  let rss = 0;
  let heapUsed = 0;
  const sample = () => {
    const now = process.memoryUsage();
    rss = Math.max(rss, now.rss);
    heapUsed = Math.max(heapUsed, now.heapUsed);
  };
  sample();
  const timer = setInterval(sample, intervalMs);
  return {
    stop() {
      clearInterval(timer);
      sample();
      return { rss, heapUsed };
    },
  };
}

export const mib = (bytes: number) => (bytes / (1024 * 1024)).toFixed(1);
