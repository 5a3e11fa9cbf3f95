import { useEffect, useMemo, useState } from 'react';
import type { HostPlan, PlanFix, RoutePlan } from '../../../../shared/domain/host-plan.ts';
import type { ErrorInfo } from '../../../../shared/errors.ts';
import { hostInputSchema } from '../../../../shared/ipc/contract.ts';
import { printableLine } from '../../../../shared/printable-line.ts';
import { deskApi } from '../../api.ts';
import { canonical } from '../../editor/settings-fields.ts';
import { ErrorBanner } from '../../ErrorBanner.tsx';

// Typing stays smooth: a plan is asked for once the admin pauses, not on every keystroke.
const DEBOUNCE_MS = 150;

const PROTECTION = { tls: 'TLS', 'message-encryption': 'message encryption', 'tls+message-encryption': 'TLS and message encryption', none: 'unencrypted' } as const;
const AUTH = { basic: 'Basic', ntlm: 'NTLM', negotiate: 'Negotiate', kerberos: 'Kerberos' } as const;
const ROUTE = { direct: 'direct', forward: 'forwarded by the proxy', tunnel: 'CONNECT tunnel' } as const;

export interface LivePlanProps {
  /** The host as typed (no id). */
  readonly draft: unknown;
  /** Moves when the saved profiles change: a fixed proxy profile gives a new plan for the same draft. */
  readonly revision: number;
  readonly onHostFix: (fix: Extract<PlanFix, { kind: 'host' }>) => void;
  readonly onProfileFix: (fix: Extract<PlanFix, { kind: 'proxy-profile' }>) => Promise<ErrorInfo | null>;
}

type Shown = { kind: 'waiting' } | { kind: 'plan'; plan: HostPlan } | { kind: 'failed'; error: ErrorInfo };

/** The connection plan for the host as typed: route, proxy, scheme, protection, or why it is refused and how to fix it. Nothing is sent. */
export function LivePlan({ draft, revision, onHostFix, onProfileFix }: LivePlanProps) {
  const [shown, setShown] = useState<Shown>({ kind: 'waiting' });
  const [fixError, setFixError] = useState<ErrorInfo | null>(null);
  const key = canonical(draft);
  // The draft is compared by content: a new object saying the same thing asks for no new plan.
  // eslint-disable-next-line react-hooks/exhaustive-deps
  const parsed = useMemo(() => hostInputSchema.safeParse(draft), [key]);
  useEffect(() => {
    if (!parsed.success) return;
    let current = true;
    const timer = setTimeout(() => {
      void deskApi()
        .hosts.plan({ host: parsed.data })
        .then((result) => {
          if (current) setShown(result.ok ? { kind: 'plan', plan: result.value } : { kind: 'failed', error: result.error });
        });
    }, DEBOUNCE_MS);
    return () => {
      current = false;
      clearTimeout(timer);
    };
  }, [parsed, revision]);

  async function applyFix(fix: PlanFix): Promise<void> {
    setFixError(null);
    if (fix.kind === 'host') onHostFix(fix);
    else setFixError(await onProfileFix(fix));
  }

  return (
    <section className="live-plan" aria-label="Connection plan" aria-live="polite">
      <h3>Connection plan</h3>
      {!parsed.success && <p className="hint">The plan appears once the name, address and settings above are valid.</p>}
      {parsed.success && shown.kind === 'waiting' && <p className="hint">Working out the plan…</p>}
      {parsed.success && shown.kind === 'failed' && <ErrorBanner error={shown.error} />}
      {parsed.success && shown.kind === 'plan' && (
        <>
          {shown.plan.error && (
            <p className="plan-error" role="alert">
              <code>{shown.plan.error.code}</code> {printableLine(shown.plan.error.message)}
            </p>
          )}
          {shown.plan.routes.map((route, i) => (
            <RouteView key={i} route={route} index={i} count={shown.plan.routes.length} onFix={(fix) => void applyFix(fix)} />
          ))}
          {shown.plan.notes.map((note) => (
            <p key={note} className="plan-note">
              {note}
            </p>
          ))}
        </>
      )}
      <ErrorBanner error={fixError} />
    </section>
  );
}

function proxyText(proxy: RoutePlan['proxy']): string {
  if (!proxy) return 'no proxy';
  return `proxy ${proxy.host}:${proxy.port}${proxy.auth === 'none' ? '' : ` (${proxy.auth} authentication)`}`;
}

function RouteView({ route, index, count, onFix }: { route: RoutePlan; index: number; count: number; onFix: (fix: PlanFix) => void }) {
  const name = count > 1 ? `Route ${index + 1} of ${count}` : 'Route';
  return (
    <article className="plan-route" data-ok={route.ok ? 'true' : 'false'} aria-label={name}>
      {route.ok ? (
        <>
          <p className="plan-summary">
            <span className="plan-icon" aria-hidden="true">✓</span> {route.summary}
          </p>
          <ul className="plan-facts" aria-label="Plan facts">
            <li className="chip">{ROUTE[route.route]}</li>
            <li className="chip">{proxyText(route.proxy)}</li>
            <li className="chip">{AUTH[route.auth]}</li>
            <li className="chip" data-kind="protection">{PROTECTION[route.protection]}</li>
            {route.transport === 'https' && !route.certificateVerification && <li className="chip danger-chip">certificate not verified</li>}
          </ul>
          {route.warnings.map((w) => (
            <p key={w} className="plan-warning">
              ⚠ {w}
            </p>
          ))}
          {route.notes.map((n) => (
            <p key={n} className="plan-note">
              {n}
            </p>
          ))}
        </>
      ) : (
        <>
          <p className="plan-refused" role="alert">
            <span className="plan-icon" aria-hidden="true">✕</span> Refused{route.proxy ? ` (${proxyText(route.proxy)})` : ''}: {route.reason}
          </p>
          <p className="plan-fix">
            <strong>Fix:</strong> {route.fix}
          </p>
        </>
      )}
      {route.fixes.length > 0 && (
        <div className="plan-fixes">
          {route.fixes.map((fix) => (
            <button key={fix.label} type="button" onClick={() => onFix(fix)}>
              {fix.label}
            </button>
          ))}
        </div>
      )}
    </article>
  );
}
