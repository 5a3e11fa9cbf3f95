import { once } from 'node:events';
import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { completeUtf8Length, TabOutput, type OutputFrame, type OutputLimits } from '../../../electron/sessions/tab-output.ts';
import { FLOW_CONTROL, mainFrameSchema } from '../../../shared/ipc/session-frames.ts';

const utf8 = (text: string) => new TextEncoder().encode(text);
const text = (frames: readonly OutputFrame[]) => frames.map((f) => `${f.stream}:${new TextDecoder().decode(f.data)}`);
const turn = () => new Promise((resolve) => setImmediate(resolve));

function output(limits: OutputLimits = FLOW_CONTROL, highWaterMark?: number) {
  const options = highWaterMark === undefined ? {} : { highWaterMark };
  const streams = { stdout: new PassThrough(options), stderr: new PassThrough(options) };
  const frames: OutputFrame[] = [];
  const tab = new TabOutput(streams, (frame) => frames.push(frame), limits);
  return { streams, frames, tab };
}

describe('completeUtf8Length', () => {
  it.each([
    { name: 'ASCII', bytes: [0x61, 0x62], length: 2 },
    { name: 'empty', bytes: [], length: 0 },
    { name: 'a whole 2-byte character', bytes: [0x61, 0xc3, 0xa9], length: 3 },
    { name: 'a whole 3-byte character', bytes: [0xe2, 0x82, 0xac], length: 3 },
    { name: 'a whole 4-byte character', bytes: [0xf0, 0x9f, 0x98, 0x80], length: 4 },
    { name: 'a 2-byte character cut after its lead', bytes: [0x61, 0xc3], length: 1 },
    { name: 'a 3-byte character cut after 2 bytes', bytes: [0x61, 0xe2, 0x82], length: 1 },
    { name: 'a 4-byte character cut after 3 bytes', bytes: [0x61, 0xf0, 0x9f, 0x98], length: 1 },
    { name: 'a 4-byte character cut after its lead', bytes: [0xf0], length: 0 },
    { name: 'stray continuation bytes (invalid, passed on)', bytes: [0x61, 0x80, 0x80, 0x80, 0x80], length: 5 },
    { name: 'a byte that is never a lead (invalid, passed on)', bytes: [0x61, 0xff], length: 2 },
  ])('$name', ({ bytes, length }) => {
    expect(completeUtf8Length(new Uint8Array(bytes))).toBe(length);
  });
});

describe('TabOutput', () => {
  it('joins what arrives in one turn into one frame per stream switch, in order, as frames the page accepts', async () => {
    const { streams, frames } = output();
    streams.stdout.write('a');
    streams.stdout.write('b');
    streams.stderr.write('E');
    streams.stdout.write('c');
    await turn();
    await turn();
    expect(text(frames)).toEqual(['stdout:ab', 'stderr:E', 'stdout:c']);
    for (const frame of frames) {
      expect(mainFrameSchema.safeParse(frame).success).toBe(true);
      // A fresh array of its own: a structured clone copies the whole buffer behind a view.
      expect(frame.data.byteOffset).toBe(0);
      expect(frame.data.buffer.byteLength).toBe(frame.data.length);
    }
  });

  it('cuts frames at MAX_FRAME_BYTES', async () => {
    const { streams, frames } = output({ ...FLOW_CONTROL, MAX_FRAME_BYTES: 10 });
    for (let i = 0; i < 7; i++) streams.stdout.write('xxxx');
    await turn();
    await turn();
    expect(frames.map((f) => f.data.length)).toEqual([12, 12, 4]);
  });

  it('holds a character split between chunks until its last byte, per stream, and replaces bytes that are not UTF-8', async () => {
    const { streams, frames } = output();
    const euro = utf8('€');
    streams.stdout.write(Buffer.from([0x61, euro[0]!]));
    streams.stderr.write(Buffer.from([0xff, 0x62]));
    streams.stdout.write(Buffer.from([euro[1]!]));
    streams.stdout.write(Buffer.from([euro[2]!, 0x63]));
    await turn();
    await turn();
    expect(text(frames)).toEqual(['stdout:a', 'stderr:\ufffdb', 'stdout:€c']);
  });

  it('posts the rest and a character left incomplete when both streams end, then settles drained', async () => {
    const { streams, frames, tab } = output();
    streams.stdout.end(Buffer.from([0x61, 0xe2, 0x82]));
    streams.stderr.end('gone');
    await tab.drained;
    expect(text(frames).join('|')).toMatch(/^(stdout:a\|stderr:gone\|stdout:\ufffd|stdout:a\|stdout:\ufffd\|stderr:gone)$/);
  });

  it('bounds what it takes from a producer the page does not acknowledge, and resumes on acknowledgements', async () => {
    const limits = { HIGH_WATER_BYTES: 1000, LOW_WATER_BYTES: 400, ACK_BATCH_BYTES: 100, MAX_FRAME_BYTES: 100 };
    const { streams, frames, tab } = output(limits, 64);
    const total = 20_000;
    let produced = 0;
    // As RemoteCommand's receive loop writes: it waits for 'drain' whenever the stream is full.
    const producer = (async () => {
      while (produced < total) {
        produced += 50;
        if (!streams.stdout.write(Buffer.alloc(50, 0x78))) await once(streams.stdout, 'drain');
      }
      streams.stdout.end();
      streams.stderr.end();
    })();
    for (let i = 0; i < 50; i++) await turn();
    const posted = () => frames.reduce((sum, f) => sum + f.data.length, 0);
    expect(tab.paused).toBe(true);
    expect(tab.unacknowledged).toBe(posted());
    expect(posted()).toBeLessThanOrEqual(limits.HIGH_WATER_BYTES + limits.MAX_FRAME_BYTES);
    // Beyond what was posted: at most the two buffers of the paused stream and one chunk.
    expect(produced - posted()).toBeLessThanOrEqual(2 * 64 + 50);
    expect(produced).toBeLessThan(total);

    // Acknowledging down to the low-water mark is not yet enough; under it, output flows again.
    tab.acknowledge(posted() - limits.LOW_WATER_BYTES);
    for (let i = 0; i < 10; i++) await turn();
    expect(tab.paused).toBe(true);
    const stalled = produced;
    while (posted() < total) {
      tab.acknowledge(tab.unacknowledged);
      await turn();
    }
    await producer;
    await tab.drained;
    expect(stalled).toBeLessThan(total);
    expect(posted()).toBe(total);
    expect(frames.every((f) => f.data.length <= limits.MAX_FRAME_BYTES)).toBe(true);
  });

  it('posts nothing once disposed', async () => {
    const { streams, frames, tab } = output();
    streams.stdout.write('before');
    tab.dispose();
    streams.stdout.write('after');
    await turn();
    expect(frames).toEqual([]);
  });
});
