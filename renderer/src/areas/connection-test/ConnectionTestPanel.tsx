import { ErrorBanner } from '../../ErrorBanner.tsx';
import { useDesk } from '../../state/store.ts';
import { LadderView } from './LadderView.tsx';

/** Every running or finished connection test, one ladder per host (a selection tests several at once). */
export function ConnectionTestPanel() {
  const tests = useDesk((s) => s.connectionTests);
  const error = useDesk((s) => s.connectionTestsError);
  const dismiss = useDesk((s) => s.dismissConnectionTests);
  if (tests.length === 0 && !error) return null;
  const running = tests.filter((t) => !t.done).length;
  return (
    <section className="connection-tests" aria-label="Connection tests">
      <header className="connection-tests-header">
        <h3>Connection tests</h3>
        <span className="hint">{running > 0 ? `${running} of ${tests.length} running` : `${tests.filter((t) => t.ok).length} of ${tests.length} passed`}</span>
        <button type="button" onClick={dismiss} disabled={running > 0}>
          Clear results
        </button>
      </header>
      <ErrorBanner error={error} />
      <div className="ladders">
        {tests.map((test) => (
          <LadderView key={test.testId} test={test} />
        ))}
      </div>
    </section>
  );
}
