import { z } from 'zod';
import { connectionFactsSchema } from '../domain/connection-facts.ts';
import { ERROR_CODES } from '../errors.ts';

/**
 * The frames a shell tab and main exchange over the tab's own MessagePort (Electron) or the harness's
 * WebSocket (tests): output and status one way, typed lines and acknowledgements the other. Declared
 * here with schemas like every IPC channel; each side parses what it receives.
 */

/**
 * Flow control by acknowledgement, as VS Code's terminal does it, counted in bytes of output: main
 * stops taking output (and so stops issuing Receives) while the page has more than
 * `HIGH_WATER_BYTES` it has not acknowledged, and resumes once that falls under `LOW_WATER_BYTES`.
 * The page acknowledges what the terminal has written, once `ACK_BATCH_BYTES` have gathered or the
 * terminal has caught up. The window is wider than VS Code's 100k/5k characters: a WinRM
 * Receive brings up to a few hundred KB at once, and a window below two of them drains the page
 * between Receives; this one holds a fraction of a second of what the terminal parses, per tab.
 * `MAX_FRAME_BYTES` caps what main joins into one output frame.
 */
export const FLOW_CONTROL = {
  HIGH_WATER_BYTES: 2 * 1024 * 1024,
  LOW_WATER_BYTES: 1024 * 1024,
  ACK_BATCH_BYTES: 64 * 1024,
  MAX_FRAME_BYTES: 256 * 1024,
} as const;

/** Largest piece of input a page may send in one frame (a pasted block is split by the page). */
export const MAX_INPUT_CHARS = 64 * 1024;

export const TAB_STATUSES = ['connected', 'lost', 'ended', 'closed'] as const;
export type TabStatus = (typeof TAB_STATUSES)[number];

export const tabIdSchema = z.string().regex(/^t_[A-Za-z0-9_-]{6,64}$/, 'Not a tab id');

const errorInfoSchema = z.object({ code: z.enum(ERROR_CODES), message: z.string() });

export const mainFrameSchema = z.discriminatedUnion('t', [
  /**
   * Remote output as UTF-8 bytes, carried as a Uint8Array (structured clone, no text conversion on
   * the way): whole characters only, invalid sequences already replaced by U+FFFD in main.
   */
  z.strictObject({ t: z.literal('output'), stream: z.enum(['stdout', 'stderr']), data: z.instanceof(Uint8Array) }),
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
  /** The terminal has written this many more bytes of output. */
  z.strictObject({ t: z.literal('ack'), bytes: z.number().int().min(0).max(100_000_000) }),
]);
export type PageFrame = z.output<typeof pageFrameSchema>;

/**
 * How a tab's port reaches the page: main (through the preload) or the harness shim posts
 * `{ type: SESSION_PORT_MESSAGE, tabId }` to the window with the port attached.
 */
export const SESSION_PORT_MESSAGE = 'winrm-desk:session-port';
