import { isIP } from 'node:net';
import { LADDER_STEPS, type CertificateInfo, type LadderStep, type LadderStepName } from '../../shared/domain/connection-test.ts';
import { failingStep, ladderAdvice } from '../../shared/domain/ladder-advice.ts';
import { DeskError } from '../../shared/errors.ts';
import type { ConnectionPlan, HostAuth } from '../../shared/policy/connection-plan-types.ts';
import type { SessionHopEvent } from '../sessions/session.ts';
import { routeDescription, routeSummary } from './host-plan.ts';
import type { KerberosIdentities } from './kerberos-identities.ts';
import { openShell } from './open-session.ts';
import { planRoute } from './plan.ts';
import type { ConnectionRequest, ProxyCandidate } from './request.ts';

/** The ladder as it stands: the steps decided so far, in the order the bytes travel. */
export interface LadderProgress {
  readonly auth: HostAuth | null;
  readonly route: string;
  readonly steps: readonly LadderStep[];
}

export interface ConnectionTestDeps {
  readonly kerberos: () => KerberosIdentities;
  /** Called whenever a step is decided (and once more at the end). */
  readonly onProgress: (progress: LadderProgress) => void;
  readonly connectTimeoutMs?: number;
}

const NOT_REACHED = 'not reached: an earlier step failed';

function asDeskError(error: unknown): DeskError {
  return error instanceof DeskError ? error : new DeskError('INTERNAL', 'The connection test failed unexpectedly.', { cause: error });
}

/** Steps decided one by one; a step passed without a report is filled in with why it did not happen. */
class Ladder {
  readonly steps: LadderStep[] = [];
  readonly #decided = new Set<LadderStepName>();
  // Why a step did not happen when the attempt passes it without a report.
  readonly #absent = new Map<LadderStepName, string>();
  #mark = performance.now();
  #changed: () => void;

  constructor(changed: () => void) {
    this.#changed = changed;
  }

  get decided(): ReadonlySet<LadderStepName> {
    return this.#decided;
  }

  absent(step: LadderStepName, reason: string): void {
    this.#absent.set(step, reason);
  }

  has(step: LadderStepName): boolean {
    return this.#decided.has(step);
  }

  /** `durationMs` when the step's own share of the time since the last step is known; the rest otherwise. */
  ok(step: LadderStepName, fields: Omit<LadderStep, 'step' | 'status'>): void {
    this.#decide({ step, status: 'ok', ...fields });
  }

  sinceLastStep(): number {
    return performance.now() - this.#mark;
  }

  failed(step: LadderStepName, error: DeskError, fix: string, fields: Partial<LadderStep> = {}): void {
    this.#decide({ ...fields, step, status: 'failed', detail: error.message, code: error.code, fix });
    this.#fill(LADDER_STEPS.length, NOT_REACHED);
    this.#changed();
  }

  #decide(step: LadderStep): void {
    if (this.#decided.has(step.step)) return;
    this.#fill(LADDER_STEPS.indexOf(step.step));
    const now = performance.now();
    this.steps.push({ ...step, durationMs: Math.max(0, step.durationMs ?? now - this.#mark) });
    this.#mark = now;
    this.#decided.add(step.step);
    this.#changed();
  }

  #fill(before: number, reason?: string): void {
    for (const step of LADDER_STEPS.slice(0, before)) {
      if (this.#decided.has(step)) continue;
      this.steps.push({ step, status: 'skipped', detail: reason ?? this.#absent.get(step) ?? 'not reported by this connection' });
      this.#decided.add(step);
    }
  }
}

const SCHEME_NAMES = { basic: 'Basic', ntlm: 'NTLM', kerberos: 'Kerberos' } as const;

/** What the route does not have, so the ladder says so instead of leaving a gap. */
function describeAbsentSteps(ladder: Ladder, plan: ConnectionPlan, request: ConnectionRequest): void {
  const peer = plan.proxy?.host ?? request.endpoint.hostname.replace(/^\[|\]$/g, '');
  if (isIP(peer) !== 0) ladder.absent('resolve', `${peer} is an IP address: nothing to resolve`);
  ladder.absent('proxy-auth', plan.proxy ? 'the proxy did not ask for authentication' : 'direct connection: no proxy');
  if (plan.route !== 'tunnel') ladder.absent('tunnel', plan.route === 'forward' ? 'HTTP forwarded by the proxy: no tunnel' : 'direct connection: no tunnel');
  if (plan.transport === 'http') ladder.absent('tls', `HTTP: no TLS (${plan.protection === 'none' ? 'messages travel unencrypted' : 'messages are sealed instead'})`);
}

/** Records the session's hops of its first connection as ladder steps. */
function hopRecorder(ladder: Ladder, plan: ConnectionPlan) {
  const facts: { certificate?: CertificateInfo; proxySchemes?: string[]; offeredSchemes?: string[]; encryption?: string } = {};
  const via = plan.proxy ? ' (the proxy)' : '';
  const listener = (hop: SessionHopEvent) => {
    if (hop.lane !== 0) return;
    switch (hop.stage) {
      case 'dns':
        return ladder.ok('resolve', { detail: hop.detail });
      case 'tcp':
        return ladder.ok('tcp', { detail: `${hop.detail}${via}` });
      case 'challenge':
        if (hop.challenger === 'proxy') facts.proxySchemes ??= [...(hop.offeredSchemes ?? [])];
        else facts.offeredSchemes = [...new Set([...(facts.offeredSchemes ?? []), ...(hop.offeredSchemes ?? [])])];
        return;
      case 'proxy-auth':
        return ladder.ok('proxy-auth', { detail: hop.detail, ...(facts.proxySchemes ? { proxySchemes: facts.proxySchemes } : {}) });
      case 'connect':
        return ladder.ok('tunnel', { detail: hop.detail });
      case 'certificate':
        if (hop.certificate && !ladder.has('tls')) facts.certificate = hop.certificate;
        return;
      case 'tls':
        return ladder.ok('tls', { detail: hop.detail, ...(facts.certificate ? { certificate: facts.certificate } : {}) });
      case 'winrm-auth': {
        const offered = facts.offeredSchemes;
        const detail = `${SCHEME_NAMES[hop.mechanism ?? 'ntlm']} signed in${offered?.length ? ` (the server offered ${offered.join(', ')})` : ' (the server asked for no challenge)'}`;
        return ladder.ok('winrm-auth', { detail, ...(hop.mechanism ? { mechanism: hop.mechanism } : {}), ...(offered ? { offeredSchemes: offered } : {}) });
      }
      case 'encryption':
        // Proven only by the first protected reply (the shell's creation): a tampered one fails this step.
        facts.encryption = hop.detail;
        return;
      case 'shell': {
        const createMs = hop.durationMs ?? 0;
        if (facts.encryption) ladder.ok('encryption', { detail: facts.encryption, durationMs: ladder.sinceLastStep() - createMs });
        return ladder.ok('shell-create', { detail: hop.detail, durationMs: createMs });
      }
    }
  };
  // What a failed step shows: the facts its own stage saw before the failure.
  const factsFor = (step: LadderStepName): Partial<LadderStep> => {
    if (step === 'tls' && facts.certificate) return { certificate: facts.certificate };
    if (step === 'proxy-auth' && facts.proxySchemes) return { proxySchemes: facts.proxySchemes };
    if (step === 'winrm-auth' && facts.offeredSchemes) return { offeredSchemes: facts.offeredSchemes };
    return {};
  };
  return { listener, factsFor };
}

/** A test that could not get as far as a plan (no such host, a proxy setting this process cannot resolve). */
export function failedBeforePlan(error: unknown): LadderProgress {
  const ladder = new Ladder(() => undefined);
  const desk = asDeskError(error);
  ladder.failed('plan', desk, ladderAdvice(desk.code));
  return { auth: null, route: 'not planned', steps: ladder.steps };
}

/**
 * One connection test: the plan (step 0: a refusal fails here and nothing is sent), then one attempt
 * through the first route the plan accepts — the session and its shell, reported hop by hop — then
 * the shell's deletion. Never throws: every failure is a failed step with its code and a fix.
 */
export async function runConnectionTest(request: ConnectionRequest, deps: ConnectionTestDeps): Promise<{ ok: boolean }> {
  let auth: HostAuth | null = null;
  let route = 'not planned';
  const ladder = new Ladder(() => deps.onProgress({ auth, route, steps: [...ladder.steps] }));

  let chosen: { plan: ConnectionPlan; route: ProxyCandidate | null } | null = null;
  let refusal: DeskError | null = null;
  let refusalFix = '';
  for (const candidate of request.routes) {
    const plan = planRoute(request, candidate);
    if (plan.ok) {
      chosen = { plan, route: candidate };
      break;
    }
    if (!refusal) [refusal, refusalFix] = [new DeskError(plan.code, plan.reason), plan.fix];
  }
  if (!chosen) {
    ladder.failed('plan', refusal ?? new DeskError('INVALID_ARGUMENT', 'The proxy settings name no route to this host.'), refusal ? refusalFix : ladderAdvice('NOT_SUPPORTED'));
    return { ok: false };
  }
  const { plan } = chosen;
  auth = plan.auth;
  route = routeDescription(plan);
  describeAbsentSteps(ladder, plan, request);
  ladder.ok('plan', { detail: [routeSummary(plan), ...plan.warnings].join('. ') });

  const { listener, factsFor } = hopRecorder(ladder, plan);
  let opened: Awaited<ReturnType<typeof openShell>>;
  try {
    opened = await openShell({ ...request, routes: [chosen.route] }, { kerberos: deps.kerberos, onHop: listener, ...(deps.connectTimeoutMs ? { connectTimeoutMs: deps.connectTimeoutMs } : {}) });
  } catch (error) {
    const desk = asDeskError(error);
    const step = failingStep(desk.code, ladder.decided, desk.settings);
    ladder.failed(step, desk, ladderAdvice(desk.code), factsFor(step));
    return { ok: false };
  }
  const { shellDeleted, error } = await opened.dispose();
  if (!shellDeleted) {
    const desk = error ?? new DeskError('INTERNAL', 'The remote shell could not be deleted.');
    ladder.failed('shell-delete', desk, ladderAdvice(desk.code));
    return { ok: false };
  }
  ladder.ok('shell-delete', { detail: `shell ${opened.shell.id} deleted` });
  return { ok: true };
}
