import { z } from 'zod';
import { connectionFactsSchema } from '../domain/connection-facts.ts';
import { ERROR_CODES } from '../errors.ts';

/**
 * The frames a shell tab and main exchange over the tab's own MessagePort (Electron) or the harness's
 * WebSocket (tests): output and status one way, typed lines and acknowledgements the other. Declared
 * here with schemas like every IPC channel; each side parses what it receives.
 */

/**
 * Flow control by acknowledgement, with the thresholds VS Code's terminal uses: main stops taking
 * output (and so stops issuing Receives) while the page has more than `HIGH_WATER_CHARS` characters it
 * has not acknowledged, and resumes once that falls under `LOW_WATER_CHARS`. The page acknowledges
 * in batches of `ACK_BATCH_CHARS` after the terminal has written them.
 */
export const FLOW_CONTROL = {
  HIGH_WATER_CHARS: 100_000,
  LOW_WATER_CHARS: 5_000,
  ACK_BATCH_CHARS: 5_000,
} as const;

/** Largest piece of input a page may send in one frame (a pasted block is split by the page). */
export const MAX_INPUT_CHARS = 64 * 1024;

export const TAB_STATUSES = ['connected', 'lost', 'ended', 'closed'] as const;
export type TabStatus = (typeof TAB_STATUSES)[number];

export const tabIdSchema = z.string().regex(/^t_[A-Za-z0-9_-]{6,64}$/, 'Not a tab id');

const errorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

export const mainFrameSchema = z.discriminatedUnion('t', [
  /** Remote output, decoded to text in main. */
  z.strictObject({ t: z.literal('output'), stream: z.enum(['stdout', 'stderr']), data: z.string() }),
  /**
   * The tab's session changed state: `lost` (connection or shell gone; `error` says why), `ended` (the
   * remote shell program exited with `exitCode`), `closed` (closed from main, e.g. the app quits).
   */
  z.strictObject({
    t: z.literal('status'),
    status: z.enum(TAB_STATUSES),
    error: errorInfoSchema.optional(),
    exitCode: z.number().int().optional(),
  }),
  /** The session's connections changed (a second lane opened, a reconnect): the badge follows. */
  z.strictObject({ t: z.literal('facts'), facts: connectionFactsSchema }),
]);
export type MainFrame = z.output<typeof mainFrameSchema>;

export const pageFrameSchema = z.discriminatedUnion('t', [
  /** Text for the remote program's stdin: whole lines, as the tab's line editor sends them. */
  z.strictObject({ t: z.literal('input'), data: z.string().max(MAX_INPUT_CHARS) }),
  /** The terminal has written this many more characters of output. */
  z.strictObject({ t: z.literal('ack'), chars: z.number().int().min(0).max(100_000_000) }),
]);
export type PageFrame = z.output<typeof pageFrameSchema>;

/**
 * How a tab's port reaches the page: main (through the preload) or the harness shim posts
 * `{ type: SESSION_PORT_MESSAGE, tabId }` to the window with the port attached.
 */
export const SESSION_PORT_MESSAGE = 'winrm-desk:session-port';
