import type { RigInfo, WinrmCounters, WinrmFaults } from './rig-info.ts';

/** The test WinRM server's control API (loopback JSON): counters, reset, fault injection. */
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
