import { describe, expect, it, vi } from 'vitest';
import { z } from 'zod';
import { channel } from '../../../shared/ipc/channel.ts';
import { DeskError } from '../../../shared/errors.ts';
import { createDispatcher } from '../../../electron/ipc/dispatcher.ts';

const testContract = {
  greet: {
    hello: channel(z.strictObject({ name: z.string().min(1) }), z.object({ text: z.string() })),
    leaky: channel(z.undefined(), z.object({ userName: z.string() })),
    broken: channel(z.undefined(), z.object({ count: z.number() })),
    fails: channel(z.undefined(), z.object({})),
    crashes: channel(z.undefined(), z.object({})),
  },
};

interface Sender {
  trusted: boolean;
}

function setup() {
  const hello = vi.fn((request: { name: string }) => ({ text: `hello ${request.name}` }));
  const logged: unknown[] = [];
  const dispatcher = createDispatcher<typeof testContract, Sender>({
    contract: testContract,
    isTrustedSender: (sender) => sender.trusted,
    log: (entry) => logged.push(entry),
    handlers: {
      greet: {
        hello,
        // A handler that returns more than the contract names: the extra field must not cross.
        leaky: () => ({ userName: 'admin', password: 'hunter2' }) as { userName: string },
        broken: () => ({ count: 'many' }) as unknown as { count: number },
        fails: () => {
          throw new DeskError('NOT_FOUND', 'No host with that id');
        },
        crashes: () => {
          throw new Error('ECONNRESET while reading secret s3cr3t-value');
        },
      },
    },
  });
  return { dispatcher, hello, logged };
}

const trusted: Sender = { trusted: true };

describe('IPC dispatcher', () => {
  it('lists one wire channel per contract entry', () => {
    expect(setup().dispatcher.channels).toEqual(['greet:hello', 'greet:leaky', 'greet:broken', 'greet:fails', 'greet:crashes']);
  });

  it('passes a valid payload to the handler and wraps the value', async () => {
    const { dispatcher, hello } = setup();
    await expect(dispatcher.dispatch('greet:hello', trusted, { name: 'ops' })).resolves.toEqual({
      ok: true,
      value: { text: 'hello ops' },
    });
    expect(hello).toHaveBeenCalledWith({ name: 'ops' }, undefined);
  });

  it('rejects a payload that fails the schema with INVALID_ARGUMENT and never calls the handler', async () => {
    const { dispatcher, hello } = setup();
    for (const payload of [undefined, null, 'ops', { name: '' }, { name: 7 }, { name: 'ops', extra: true }]) {
      const result = await dispatcher.dispatch('greet:hello', trusted, payload);
      expect(result.ok).toBe(false);
      if (!result.ok) {
        expect(result.error.code).toBe('INVALID_ARGUMENT');
        expect(result.error.message).toMatch(/^Invalid request for greet:hello/);
      }
    }
    expect(hello).not.toHaveBeenCalled();
  });

  it('does not echo payload values in a schema error', async () => {
    const { dispatcher } = setup();
    const result = await dispatcher.dispatch('greet:hello', trusted, { name: 'ops', password: 'hunter2' });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('rejects a foreign sender with FORBIDDEN_SENDER before parsing or calling anything', async () => {
    const { dispatcher, hello } = setup();
    const result = await dispatcher.dispatch('greet:hello', { trusted: false }, { name: 'ops' });
    expect(result).toEqual({ ok: false, error: { code: 'FORBIDDEN_SENDER', message: expect.any(String) } });
    expect(hello).not.toHaveBeenCalled();
  });

  it('rejects an unknown channel with UNKNOWN_CHANNEL', async () => {
    const { dispatcher } = setup();
    const result = await dispatcher.dispatch('greet:missing', trusted, undefined);
    expect(result.ok === false && result.error.code).toBe('UNKNOWN_CHANNEL');
  });

  it('cuts a response to its schema so unnamed fields never cross', async () => {
    const { dispatcher } = setup();
    const result = await dispatcher.dispatch('greet:leaky', trusted, undefined);
    expect(result).toEqual({ ok: true, value: { userName: 'admin' } });
    expect(JSON.stringify(result)).not.toContain('hunter2');
  });

  it('reports a response that breaks its schema as INTERNAL', async () => {
    const { dispatcher, logged } = setup();
    const result = await dispatcher.dispatch('greet:broken', trusted, undefined);
    expect(result.ok === false && result.error.code).toBe('INTERNAL');
    expect(logged).toHaveLength(1);
  });

  it('passes a DeskError through with its code and message', async () => {
    const { dispatcher } = setup();
    await expect(dispatcher.dispatch('greet:fails', trusted, undefined)).resolves.toEqual({
      ok: false,
      error: { code: 'NOT_FOUND', message: 'No host with that id' },
    });
  });

  it('turns any other exception into INTERNAL without its message', async () => {
    const { dispatcher, logged } = setup();
    const result = await dispatcher.dispatch('greet:crashes', trusted, undefined);
    expect(result.ok === false && result.error.code).toBe('INTERNAL');
    expect(JSON.stringify(result)).not.toContain('s3cr3t');
    expect(JSON.stringify(logged)).not.toContain('s3cr3t');
  });

  it('refuses to build when a handler is missing for a declared channel', () => {
    expect(() =>
      createDispatcher({
        contract: testContract,
        isTrustedSender: () => true,
        handlers: { greet: {} } as never,
      }),
    ).toThrow(/greet:hello/);
  });
});
