import type { RigInfo, WinrmCounters, WinrmDropResult, WinrmDropTunnels, WinrmDropTunnelsResult, WinrmFaults, WinrmForgetShellsResult } from './rig-info.ts';

/** The test WinRM server's control API (loopback JSON): counters, reset, fault injection, drops. */
export class WinrmControl {
  readonly #base: string;

  constructor(rig: RigInfo) {
    this.#base = `http://127.0.0.1:${rig.winrm.controlPort}`;
  }

  async counters(): Promise<WinrmCounters> {
    return (await this.#call('GET', '/counters')) as WinrmCounters;
  }

  /** Clears counters and faults; connections already open are forgotten by the counters. */
  async reset(): Promise<void> {
    await this.#call('POST', '/reset');
  }

  async setFaults(faults: WinrmFaults): Promise<WinrmFaults> {
    return (await this.#call('POST', '/faults', faults)) as WinrmFaults;
  }

  /** Shuts down every open WinRM connection at once (a pending Receive fails on the client). */
  async drop(): Promise<WinrmDropResult> {
    return (await this.#call('POST', '/drop')) as WinrmDropResult;
  }

  /** The NTLM proxy cuts the tunnels named (see WinrmDropTunnels), both sides at once. */
  async dropTunnels(request: WinrmDropTunnels): Promise<WinrmDropTunnelsResult> {
    return (await this.#call('POST', '/drop-tunnels', request)) as WinrmDropTunnelsResult;
  }

  /** Drops every shell, killing its processes, as a service restart would. */
  async forgetShells(): Promise<WinrmForgetShellsResult> {
    return (await this.#call('POST', '/forget-shells')) as WinrmForgetShellsResult;
  }

  async #call(method: string, pathname: string, body?: unknown): Promise<unknown> {
    const response = await fetch(this.#base + pathname, {
      method,
      headers: body === undefined ? {} : { 'content-type': 'application/json' },
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    const json: unknown = await response.json();
    if (!response.ok) throw new Error(`control ${method} ${pathname}: ${response.status} ${JSON.stringify(json)}`);
    return json;
  }
}
