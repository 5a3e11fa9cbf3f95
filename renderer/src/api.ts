import type { ClientOf } from '../../shared/ipc/channel.ts';
import type { DeskContract } from '../../shared/ipc/contract.ts';

export type DeskApi = ClientOf<DeskContract>;

declare global {
  interface Window {
    readonly winrmDesk?: DeskApi;
  }
}

/** The bridge the preload (or the test harness shim) installed; its absence is a packaging error worth showing. */
export function deskApi(): DeskApi {
  const api = window.winrmDesk;
  if (!api) throw new Error('The app bridge is missing: the page was opened outside WinRM Desk.');
  return api;
}
