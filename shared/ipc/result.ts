import type { ErrorInfo } from '../errors.ts';

/** What every IPC call resolves to: the renderer branches on `ok`, never on a thrown error. */
export type IpcResult<T> = { readonly ok: true; readonly value: T } | { readonly ok: false; readonly error: ErrorInfo };

export function success<T>(value: T): IpcResult<T> {
  return { ok: true, value };
}

export function failure(error: ErrorInfo): IpcResult<never> {
  return { ok: false, error: { code: error.code, message: error.message } };
}
