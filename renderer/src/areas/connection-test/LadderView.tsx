import type { ConnectionTest, LadderStep, LadderStepName } from '../../../../shared/domain/connection-test.ts';
import { printableLine } from '../../../../shared/printable-line.ts';
import { formatDuration, nextStep, STEP_NAMES } from '../../editor/ladder-view.ts';

const ICON = { ok: '✓', failed: '✕', skipped: '–', pending: '·', running: '' } as const;

/** One host's ladder, in the order the bytes travel; the failing step says its code and what to change. */
export function LadderView({ test }: { test: ConnectionTest }) {
  const failed = test.steps.find((s) => s.status === 'failed');
  const running = test.done ? null : nextStep(test.steps);
  // After a failure the rest of the ladder was never tried: one line for them keeps the failure in view.
  const failedAt = test.steps.findIndex((s) => s.status === 'failed');
  const shownSteps = failedAt < 0 ? test.steps : test.steps.slice(0, failedAt + 1);
  const unreached = failedAt < 0 ? [] : test.steps.slice(failedAt + 1);
  const verdict = !test.done ? 'testing…' : test.ok ? `passed in ${formatDuration(test.durationMs ?? 0)}` : `failed at ${failed ? STEP_NAMES[failed.step] : 'an unknown step'}`;
  return (
    <article className="ladder" aria-label={`Connection test ${test.hostName}`} data-done={test.done ? 'true' : 'false'} data-ok={test.ok ? 'true' : 'false'}>
      <header className="ladder-header">
        <strong>{test.hostName}</strong>
        {test.route && test.route !== 'not planned' && <span className="hint">{test.route}</span>}
        <span className="ladder-verdict" role="status">
          {verdict}
        </span>
      </header>
      <ol className="ladder-steps">
        {shownSteps.map((step) => (
          <StepView key={step.step} step={step} />
        ))}
        {unreached.length > 0 && (
          <li className="ladder-step" data-status="skipped" aria-label={`${unreached.length} steps not reached`}>
            <span className="step-icon" aria-hidden="true">
              {ICON.skipped}
            </span>
            <span className="step-unreached">Not reached: {unreached.map((s) => STEP_NAMES[s.step]).join(', ')}</span>
          </li>
        )}
        {running && (
          <li className="ladder-step" data-status="running" aria-label={`${STEP_NAMES[running]}: running`}>
            <span className="spinner" aria-hidden="true" />
            <span className="step-name">{STEP_NAMES[running]}</span>
            <span className="step-detail hint">running…</span>
          </li>
        )}
      </ol>
    </article>
  );
}

function StepView({ step }: { step: LadderStep }) {
  const name = STEP_NAMES[step.step as LadderStepName];
  return (
    <li className="ladder-step" data-status={step.status} data-step={step.step} aria-label={`${name}: ${step.status}`}>
      <span className="step-icon" aria-hidden="true">
        {ICON[step.status]}
      </span>
      <span className="step-name">{name}</span>
      <span className="step-duration">{step.durationMs === undefined ? '' : formatDuration(step.durationMs)}</span>
      <span className="step-detail">{printableLine(step.detail)}</span>
      {step.status === 'failed' && (
        <div className="step-failure">
          {step.code && <code>{step.code}</code>}
          {step.fix && <p className="step-fix">{step.fix}</p>}
        </div>
      )}
      {step.certificate && (
        <dl className="step-certificate" aria-label="Server certificate">
          <dt>Subject</dt>
          <dd>{step.certificate.subject}</dd>
          <dt>Issuer</dt>
          <dd>{step.certificate.issuer}</dd>
          <dt>SHA-256</dt>
          <dd className="mono">{step.certificate.sha256}</dd>
          <dt>Valid</dt>
          <dd>
            {step.certificate.validFrom} – {step.certificate.validTo}
          </dd>
        </dl>
      )}
      {(step.offeredSchemes || step.mechanism) && (
        <p className="step-schemes">
          {step.offeredSchemes && `Server offered: ${step.offeredSchemes.join(', ') || 'nothing'}`}
          {step.offeredSchemes && step.mechanism && ' · '}
          {step.mechanism && `signed in with ${step.mechanism === 'ntlm' ? 'NTLM' : step.mechanism === 'kerberos' ? 'Kerberos' : 'Basic'}`}
        </p>
      )}
      {step.proxySchemes && <p className="step-schemes">Proxy offered: {step.proxySchemes.join(', ') || 'nothing'}</p>}
    </li>
  );
}
