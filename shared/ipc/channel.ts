import type { z } from 'zod';
import type { IpcResult } from './result.ts';

/** One IPC channel: the schema its request must pass and the schema its response is cut to. */
export interface ChannelSpec<Req extends z.ZodType = z.ZodType, Res extends z.ZodType = z.ZodType> {
  readonly request: Req;
  readonly response: Res;
}

/** Channels grouped by area (`hosts`, `app`, …); the wire name of `hosts.add` is `hosts:add`. */
export type Contract = Readonly<Record<string, Readonly<Record<string, ChannelSpec>>>>;

export function channel<Req extends z.ZodType, Res extends z.ZodType>(request: Req, response: Res): ChannelSpec<Req, Res> {
  return { request, response };
}

export function channelName(area: string, method: string): string {
  return `${area}:${method}`;
}

export interface ChannelEntry {
  readonly name: string;
  readonly area: string;
  readonly method: string;
  readonly spec: ChannelSpec;
}

export function listChannels(contract: Contract): ChannelEntry[] {
  return Object.entries(contract).flatMap(([area, methods]) =>
    Object.entries(methods).map(([method, spec]) => ({ name: channelName(area, method), area, method, spec })),
  );
}

type Call<S extends ChannelSpec> =
  undefined extends z.input<S['request']>
    ? (request?: z.input<S['request']>) => Promise<IpcResult<z.output<S['response']>>>
    : (request: z.input<S['request']>) => Promise<IpcResult<z.output<S['response']>>>;

/** The API object the preload (and the test harness shim) exposes to the page. */
export type ClientOf<C extends Contract> = { readonly [A in keyof C]: { readonly [M in keyof C[A]]: Call<C[A][M]> } };

/**
 * What main implements: each handler gets the parsed request and the caller (the page that asked,
 * for what belongs to it, e.g. its shell tabs) and returns what the response schema accepts.
 */
export type HandlersOf<C extends Contract, Caller = unknown> = {
  readonly [A in keyof C]: {
    readonly [M in keyof C[A]]: (request: z.output<C[A][M]['request']>, caller: Caller) => Promise<z.input<C[A][M]['response']>> | z.input<C[A][M]['response']>;
  };
};

export type Invoke = (channel: string, payload: unknown) => Promise<unknown>;

/**
 * Builds the page-side API from the contract, so the preload stays a generated bridge and the
 * renderer's type is derived from the same declaration main validates against.
 */
export function buildClient<C extends Contract>(contract: C, invoke: Invoke): ClientOf<C> {
  const api: Record<string, Record<string, (request?: unknown) => Promise<unknown>>> = {};
  for (const entry of listChannels(contract)) {
    const area = (api[entry.area] ??= {});
    area[entry.method] = (request?: unknown) => invoke(entry.name, request);
  }
  return api as unknown as ClientOf<C>;
}
