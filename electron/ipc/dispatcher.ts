import type { z } from 'zod';
import { listChannels, type Contract, type HandlersOf } from '../../shared/ipc/channel.ts';
import { failure, success, type IpcResult } from '../../shared/ipc/result.ts';
import { DeskError } from '../../shared/errors.ts';
import { printableLine } from '../../shared/printable-line.ts';

/** What the dispatcher records about a failure: never a payload, never an exception's message. */
export interface IpcLogEntry {
  readonly channel: string;
  readonly code: string;
  readonly detail: string;
}

export interface DispatcherOptions<C extends Contract, S, Caller = unknown> {
  readonly contract: C;
  readonly handlers: HandlersOf<C, Caller>;
  /** What the handlers are told about a (trusted) sender: the page that owns what it opens. */
  readonly callerOf?: (sender: S) => Caller;
  /** Decides, before anything is parsed, whether this sender may call at all. */
  readonly isTrustedSender: (sender: S) => boolean;
  readonly log?: (entry: IpcLogEntry) => void;
}

export interface Dispatcher<S> {
  readonly channels: readonly string[];
  dispatch(channel: string, sender: S, payload: unknown): Promise<IpcResult<unknown>>;
}

type Route = { readonly spec: { request: z.ZodType; response: z.ZodType }; readonly handler: (request: unknown, caller: unknown) => unknown };

const MAX_ISSUES_SHOWN = 3;

/**
 * The single entry every IPC transport (Electron's ipcMain, the test harness's WebSocket) goes
 * through: sender check, then schema parse, then the handler, then the response schema. A handler
 * therefore never sees unparsed input, and the page never sees a field the contract does not name.
 */
export function createDispatcher<C extends Contract, S, Caller = unknown>(options: DispatcherOptions<C, S, Caller>): Dispatcher<S> {
  const routes = new Map<string, Route>();
  const handlerTable = options.handlers as unknown as Record<string, Record<string, ((request: unknown, caller: unknown) => unknown) | undefined> | undefined>;
  for (const entry of listChannels(options.contract)) {
    const handler = handlerTable[entry.area]?.[entry.method];
    if (typeof handler !== 'function') {
      throw new TypeError(`No handler for IPC channel ${entry.name}`);
    }
    routes.set(entry.name, { spec: entry.spec, handler });
  }
  const log = options.log ?? (() => {});

  async function dispatch(channelName: string, sender: S, payload: unknown): Promise<IpcResult<unknown>> {
    if (!options.isTrustedSender(sender)) {
      log({ channel: channelName, code: 'FORBIDDEN_SENDER', detail: 'sender is not the app main frame' });
      return failure({ code: 'FORBIDDEN_SENDER', message: 'This window may not call the app.' });
    }
    const route = routes.get(channelName);
    if (!route) {
      return failure({ code: 'UNKNOWN_CHANNEL', message: `No IPC channel named ${String(channelName).slice(0, 64)}` });
    }
    const parsed = route.spec.request.safeParse(payload);
    if (!parsed.success) {
      return failure({ code: 'INVALID_ARGUMENT', message: `Invalid request for ${channelName}: ${describeIssues(parsed.error)}` });
    }
    let value: unknown;
    try {
      value = await route.handler(parsed.data, options.callerOf?.(sender));
    } catch (error) {
      // Messages can quote what a server sent: one inert line, whatever it held.
      if (error instanceof DeskError) return failure({ code: error.code, message: printableLine(error.message) });
      log({ channel: channelName, code: 'INTERNAL', detail: describeUnexpected(error) });
      return failure({ code: 'INTERNAL', message: `The app failed to handle ${channelName}. Details are in the log.` });
    }
    const out = route.spec.response.safeParse(value);
    if (!out.success) {
      log({ channel: channelName, code: 'INTERNAL', detail: `response broke its schema at ${describePaths(out.error)}` });
      return failure({ code: 'INTERNAL', message: `The app produced an invalid answer for ${channelName}.` });
    }
    return success(out.data);
  }

  return { channels: [...routes.keys()], dispatch };
}

// Zod's messages name paths, expected types and bounds, not the values received, so they are safe to
// return to the page; the count is capped to keep one bad payload from producing a wall of text.
function describeIssues(error: z.ZodError): string {
  const shown = error.issues.slice(0, MAX_ISSUES_SHOWN).map((issue) => {
    const path = issue.path.map(String).join('.');
    return path ? `${path}: ${issue.message}` : issue.message;
  });
  const more = error.issues.length - shown.length;
  return shown.join('; ') + (more > 0 ? ` (and ${more} more)` : '');
}

function describePaths(error: z.ZodError): string {
  return error.issues.map((issue) => issue.path.map(String).join('.') || '(root)').join(', ');
}

// Only the error's class and system code go to the log: messages of arbitrary exceptions can quote
// the data they failed on.
function describeUnexpected(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as { code?: unknown }).code;
    return typeof code === 'string' ? `${error.name} ${code}` : error.name;
  }
  return typeof error;
}
