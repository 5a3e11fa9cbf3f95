import { describe, expect, it } from 'vitest';
import { CommandInterrupts, SIGINT_EXIT, SIGTERM_EXIT, TERMINATE_WITHIN_MS } from '../../../electron/cli/interrupts.ts';
import type { SignalName } from '../../../electron/sessions/remote-command.ts';

function fakeCommand(fail = false) {
  const sent: SignalName[] = [];
  return {
    sent,
    signal: async (name: SignalName) => {
      sent.push(name);
      if (fail) throw new Error('the shell is gone');
    },
  };
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 0));

describe('CommandInterrupts', () => {
  it('sends one ctrl_c per SIGINT, terminate for a second one within a second, then ctrl_c again', async () => {
    let now = 10_000;
    const interrupts = new CommandInterrupts(() => now);
    const command = fakeCommand();
    interrupts.attach(command);
    interrupts.deliver('SIGINT');
    await settle();
    expect(command.sent).toEqual(['ctrl_c']);
    expect(interrupts.terminated).toBe(false);
    now += TERMINATE_WITHIN_MS - 1;
    interrupts.deliver('SIGINT');
    await settle();
    expect(command.sent).toEqual(['ctrl_c', 'terminate']);
    expect(interrupts.terminated).toBe(true);
    now += 10;
    interrupts.deliver('SIGINT');
    await settle();
    expect(command.sent).toEqual(['ctrl_c', 'terminate', 'ctrl_c']);
  });

  it('sends ctrl_c again for SIGINTs a second or more apart', async () => {
    let now = 0;
    const interrupts = new CommandInterrupts(() => now);
    const command = fakeCommand();
    interrupts.attach(command);
    for (let i = 0; i < 3; i++) {
      interrupts.deliver('SIGINT');
      now += TERMINATE_WITHIN_MS;
    }
    await settle();
    expect(command.sent).toEqual(['ctrl_c', 'ctrl_c', 'ctrl_c']);
    expect(interrupts.terminated).toBe(false);
  });

  it('queues what arrives before the command exists and sends it, in order, once attached', async () => {
    const interrupts = new CommandInterrupts(() => 0);
    interrupts.deliver('SIGINT');
    interrupts.deliver('SIGINT');
    const command = fakeCommand();
    interrupts.attach(command);
    await settle();
    expect(command.sent).toEqual(['ctrl_c', 'terminate']);
  });

  it('keeps signalling after a Signal failed, without a rejection escaping', async () => {
    let now = 0;
    const interrupts = new CommandInterrupts(() => now);
    const command = fakeCommand(true);
    interrupts.attach(command);
    interrupts.deliver('SIGINT');
    now += 5_000;
    interrupts.deliver('SIGINT');
    await settle();
    expect(command.sent).toEqual(['ctrl_c', 'ctrl_c']);
  });

  it('sends nothing for SIGTERM and settles `stopped` with 143', async () => {
    const interrupts = new CommandInterrupts(() => 0);
    const command = fakeCommand();
    interrupts.attach(command);
    interrupts.deliver('SIGTERM');
    await expect(interrupts.stopped).resolves.toBe(SIGTERM_EXIT);
    expect(command.sent).toEqual([]);
    expect(interrupts.stopReason).toBe('sigterm');
  });

  // Issue 11, item 2: a server that ignores terminate (or never answers the Signal) must not keep us.
  it('settles `stopped` with 130 when the command has not ended within the grace after terminate', async () => {
    const interrupts = new CommandInterrupts(() => 0, 50);
    const command = { signal: () => new Promise<void>(() => undefined) };
    interrupts.attach(command);
    interrupts.deliver('SIGINT');
    interrupts.deliver('SIGINT');
    expect(interrupts.stopReason).toBeNull();
    await expect(interrupts.stopped).resolves.toBe(SIGINT_EXIT);
    expect(interrupts.stopReason).toBe('terminate-unanswered');
  });

  it('does not stop after the grace once disposed (the command ended in time)', async () => {
    const interrupts = new CommandInterrupts(() => 0, 20);
    interrupts.attach(fakeCommand());
    interrupts.deliver('SIGINT');
    interrupts.deliver('SIGINT');
    interrupts.dispose();
    const settled = await Promise.race([interrupts.stopped.then(() => 'stopped'), new Promise((resolve) => setTimeout(resolve, 100, 'still waiting'))]);
    expect(settled).toBe('still waiting');
  });
});
