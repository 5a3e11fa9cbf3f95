import { afterEach, describe, expect, it } from 'vitest';
import { FLOW_CONTROL, MAX_INPUT_CHARS, pageFrameSchema } from '../../../shared/ipc/session-frames.ts';
import { SessionLink, splitInput, type StatusFrame } from '../../../renderer/src/shells/session-link.ts';
import type { FramePort } from '../../../renderer/src/shells/session-ports.ts';

const channels: InstanceType<typeof MessageChannel>[] = [];
afterEach(() => {
  for (const channel of channels.splice(0)) {
    channel.port1.close();
    channel.port2.close();
  }
});

/** A link on one end of a real MessageChannel; `main` is the other end, as main holds it. */
function linked() {
  const channel = new MessageChannel();
  channels.push(channel);
  const received: { output: string[]; status: StatusFrame[]; facts: number[]; malformed: number } = { output: [], status: [], facts: [], malformed: 0 };
  const link = new SessionLink(channel.port1 as unknown as FramePort, {
    onOutput: (data, stream) => received.output.push(`${stream}:${new TextDecoder().decode(data)}`),
    onStatus: (frame) => received.status.push(frame),
    onFacts: (facts) => received.facts.push(facts.lanes),
    onMalformedFrame: () => (received.malformed += 1),
  });
  const fromPage: unknown[] = [];
  channel.port2.addEventListener('message', (event) => fromPage.push((event as unknown as { data: unknown }).data));
  channel.port2.start();
  return { link, main: channel.port2, received, fromPage };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 20));
const utf8 = (text: string) => new TextEncoder().encode(text);

describe('splitInput', () => {
  it.each([
    { name: 'short text is one piece', text: 'dir\r\n', max: 10, pieces: ['dir\r\n'] },
    { name: 'long text is cut at the limit', text: 'abcdefghij', max: 4, pieces: ['abcd', 'efgh', 'ij'] },
    { name: 'a surrogate pair is never cut', text: 'abc😀def', max: 4, pieces: ['abc', '😀de', 'f'] },
    { name: 'empty text is one empty piece', text: '', max: 4, pieces: [''] },
  ])('$name', ({ text, max, pieces }) => {
    expect(splitInput(text, max)).toEqual(pieces);
  });

  it('keeps every frame of a large paste under MAX_INPUT_CHARS', () => {
    const pieces = splitInput('x'.repeat(MAX_INPUT_CHARS * 2 + 5));
    expect(pieces.map((p) => p.length)).toEqual([MAX_INPUT_CHARS, MAX_INPUT_CHARS, 5]);
  });
});

describe('SessionLink', () => {
  it('delivers output and status frames', async () => {
    const { main, received } = linked();
    main.postMessage({ t: 'output', stream: 'stdout', data: utf8('C:\\>') });
    main.postMessage({ t: 'output', stream: 'stderr', data: utf8('oops') });
    main.postMessage({ t: 'status', status: 'lost', error: { code: 'CONNECTION_LOST', message: 'gone' } });
    await settle();
    expect(received.output).toEqual(['stdout:C:\\>', 'stderr:oops']);
    expect(received.status).toEqual([{ t: 'status', status: 'lost', error: { code: 'CONNECTION_LOST', message: 'gone' } }]);
  });

  it('delivers updated connection facts', async () => {
    const { main, received } = linked();
    const facts = { endpoint: 'https://h:5986/wsman', route: 'direct', proxy: null, auth: 'ntlm', mechanism: 'ntlm', protection: 'tls', certificateVerification: true, certificateSha256: null, lanes: 2, shellId: 'S', warnings: [] };
    main.postMessage({ t: 'facts', facts });
    main.postMessage({ t: 'facts', facts: { ...facts, lanes: 'two' } });
    await settle();
    expect(received.facts).toEqual([2]);
    expect(received.malformed).toBe(1);
  });

  it('drops frames that fail the schema and reports that once', async () => {
    const { main, received } = linked();
    main.postMessage({ t: 'output', stream: 'stdout', data: 42 });
    // Text is not what main sends: output is bytes.
    main.postMessage({ t: 'output', stream: 'stdout', data: 'C:\\>' });
    main.postMessage({ t: 'exec', command: 'format c:' });
    main.postMessage('not a frame');
    await settle();
    expect(received).toEqual({ output: [], status: [], facts: [], malformed: 1 });
  });

  it('sends typed lines as input frames that pass the page frame schema', async () => {
    const { link, fromPage } = linked();
    link.sendInput('x'.repeat(MAX_INPUT_CHARS) + 'dir\r\n');
    await settle();
    expect(fromPage).toEqual([
      { t: 'input', data: 'x'.repeat(MAX_INPUT_CHARS) },
      { t: 'input', data: 'dir\r\n' },
    ]);
    for (const frame of fromPage) expect(pageFrameSchema.safeParse(frame).success).toBe(true);
  });

  it('acknowledges written output in batches of ACK_BATCH_BYTES, and all of it once the terminal caught up', async () => {
    const { link, fromPage } = linked();
    const batch = FLOW_CONTROL.ACK_BATCH_BYTES;
    link.written(batch - 1, false);
    await settle();
    expect(fromPage).toEqual([]);
    link.written(2, false);
    link.written(batch * 3, false);
    link.written(7, false);
    link.written(0, true);
    link.written(0, true);
    link.written(5, true);
    await settle();
    expect(fromPage).toEqual([
      { t: 'ack', bytes: batch + 1 },
      { t: 'ack', bytes: batch * 3 },
      { t: 'ack', bytes: 7 },
      { t: 'ack', bytes: 5 },
    ]);
    for (const frame of fromPage) expect(pageFrameSchema.safeParse(frame).success).toBe(true);
  });

  it('stays silent once closed', async () => {
    const { link, main, received, fromPage } = linked();
    link.close();
    link.sendInput('dir\r\n');
    link.written(FLOW_CONTROL.ACK_BATCH_BYTES, true);
    main.postMessage({ t: 'output', stream: 'stdout', data: utf8('late') });
    await settle();
    expect(fromPage).toEqual([]);
    expect(received.output).toEqual([]);
  });
});
