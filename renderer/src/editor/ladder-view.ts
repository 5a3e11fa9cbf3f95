import { LADDER_STEPS, type LadderStep, type LadderStepName } from '../../../shared/domain/connection-test.ts';

/** The ladder's steps as an admin reads them. */
export const STEP_NAMES: Readonly<Record<LadderStepName, string>> = {
  plan: 'Connection plan',
  resolve: 'Name resolution',
  tcp: 'TCP connection',
  'proxy-auth': 'Proxy authentication',
  tunnel: 'CONNECT tunnel',
  tls: 'TLS',
  'winrm-auth': 'WinRM authentication',
  encryption: 'Message encryption',
  'shell-create': 'Shell create',
  'shell-delete': 'Shell delete',
};

/** The step a running test is at: the first after the last one decided (main reports decided steps only). */
export function nextStep(steps: readonly LadderStep[]): LadderStepName | null {
  const last = steps.at(-1);
  const from = last === undefined ? 0 : LADDER_STEPS.indexOf(last.step) + 1;
  return LADDER_STEPS[from] ?? null;
}

/** "12 ms", "1.4 s", "2 min 5 s". */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${Math.round(ms)} ms`;
  if (ms < 60_000) return `${(ms / 1000).toFixed(ms < 10_000 ? 1 : 0)} s`;
  const seconds = Math.round(ms / 1000);
  return `${Math.floor(seconds / 60)} min ${seconds % 60} s`;
}
