import { describe, expect, it } from 'vitest';
import { OutputQueue, type OutputSink } from '../../../renderer/src/shells/output-queue.ts';

const bytes = (text: string) => new TextEncoder().encode(text);

/**
 * A terminal that parses when told to (`finish`), as xterm calls a write's callback once it has
 * parsed it; what it was given, and what each sink heard.
 */
function terminal(maxWrite?: number) {
  const writes: string[] = [];
  const callbacks: (() => void)[] = [];
  let settled = 0;
  const queue = new OutputQueue(
    (data, done) => {
      writes.push(new TextDecoder().decode(data));
      callbacks.push(done);
    },
    () => (settled += 1),
    maxWrite,
  );
  const sink = (): OutputSink & { heard: [number, boolean][] } => {
    const heard: [number, boolean][] = [];
    return { heard, written: (n, caughtUp) => heard.push([n, caughtUp]) };
  };
  return { queue, writes, sink, finish: () => callbacks.shift()!(), settled: () => settled, inFlight: () => callbacks.length };
}

describe('OutputQueue', () => {
  it('writes a lone frame at once and settles when it is parsed', () => {
    const t = terminal();
    const link = t.sink();
    t.queue.push(bytes('C:\\>'), link);
    expect(t.writes).toEqual(['C:\\>']);
    expect(t.queue.busy).toBe(true);
    t.finish();
    expect(link.heard).toEqual([[4, true]]);
    expect(t.settled()).toBe(1);
    expect(t.queue.busy).toBe(false);
  });

  it('keeps one write in flight and joins the frames that arrive meanwhile into the next', () => {
    const t = terminal();
    const link = t.sink();
    t.queue.push(bytes('1\n'), link);
    t.queue.push(bytes('2\n'), link);
    t.queue.push(bytes('3\n'), link);
    expect(t.inFlight()).toBe(1);
    t.finish();
    expect(t.writes).toEqual(['1\n', '2\n3\n']);
    t.finish();
    expect(link.heard).toEqual([
      [2, false],
      [4, true],
    ]);
    expect(t.settled()).toBe(1);
  });

  it('joins no more than the write limit, but never splits a frame', () => {
    const t = terminal(6);
    const link = t.sink();
    t.queue.push(bytes('a'), link);
    for (const piece of ['bbb', 'cc', 'dddd', 'eeeeeeeeee', 'f']) t.queue.push(bytes(piece), link);
    while (t.inFlight() > 0) t.finish();
    expect(t.writes).toEqual(['a', 'bbbcc', 'dddd', 'eeeeeeeeee', 'f']);
    expect(link.heard.map(([n]) => n).reduce((a, b) => a + b)).toBe(21);
    expect(link.heard.at(-1)).toEqual([1, true]);
  });

  it('does not join frames of two links, and each link hears of its own bytes', () => {
    const t = terminal();
    const old = t.sink();
    const next = t.sink();
    t.queue.push(bytes('x'), old);
    t.queue.push(bytes('old'), old);
    t.queue.push(bytes('new!'), next);
    while (t.inFlight() > 0) t.finish();
    expect(t.writes).toEqual(['x', 'old', 'new!']);
    expect(old.heard).toEqual([
      [1, false],
      [3, false],
    ]);
    expect(next.heard).toEqual([[4, true]]);
  });

  it('drops what waits when cleared', () => {
    const t = terminal();
    const link = t.sink();
    t.queue.push(bytes('a'), link);
    t.queue.push(bytes('b'), link);
    t.queue.clear();
    t.finish();
    expect(t.writes).toEqual(['a']);
    expect(t.queue.busy).toBe(false);
  });
});
