import { describe, expect, it } from 'vitest';
import { decodeBinaryPortMessage, encodePortMessage } from './port-frames.ts';

describe('harness port frames', () => {
  it('sends an output frame as one binary message whose bytes come back as they were', () => {
    const data = new Uint8Array([0, 0xff, 0x0a, 0xe2, 0x82, 0xac]);
    const message = encodePortMessage('t_abcdef', { t: 'output', stream: 'stderr', data });
    expect(message).toBeInstanceOf(Uint8Array);
    const wire = (message as Uint8Array).slice().buffer;
    expect(decodeBinaryPortMessage(wire)).toEqual({ port: 't_abcdef', frame: { t: 'output', stream: 'stderr', data } });
  });

  it('sends every other frame as JSON text', () => {
    const message = encodePortMessage('t_abcdef', { t: 'status', status: 'ended', exitCode: 0 });
    expect(JSON.parse(message as string)).toEqual({ port: 't_abcdef', frame: { t: 'status', status: 'ended', exitCode: 0 } });
  });
});
