import { useDesk } from '../../state/store.ts';

/** Every running or finished connection test, one ladder per host. */
export function ConnectionTestPanel() {
  const tests = useDesk((s) => s.connectionTests);
  if (tests.length === 0) return null;
  return (
    <section className="connection-tests" aria-label="Connection tests">
      {tests.map((test) => (
        <article key={test.testId} aria-label={`Connection test ${test.hostName}`}>
          <h3>{test.hostName}</h3>
          <ol>
            {test.steps.map((step) => (
              <li key={step.step}>
                {step.step}: {step.status} {step.detail} {step.code ?? ''}
              </li>
            ))}
          </ol>
        </article>
      ))}
    </section>
  );
}
