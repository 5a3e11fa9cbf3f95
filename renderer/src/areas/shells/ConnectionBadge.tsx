import type { ConnectionFacts } from '../../../../shared/domain/connection-facts.ts';
import { describeConnection } from '../../shells/describe-connection.ts';

/** The session's facts above its terminal: protection, route, authentication, pinned connections. */
export function ConnectionBadge({ facts }: { facts: ConnectionFacts }) {
  const d = describeConnection(facts);
  return (
    <ul className="connection-badge" title={d.details} aria-label="Connection" data-warning={d.warning ? 'true' : undefined}>
      <li className="chip" data-kind="protection">{d.protection}</li>
      <li className="chip">{d.route}</li>
      <li className="chip">{d.auth}</li>
      <li className="chip">{d.lanes}</li>
      {d.warning && (
        <li className="chip warning" data-kind="warning">
          {d.warning}
        </li>
      )}
    </ul>
  );
}

/** The same, in a word, inside the tab. */
export function TabBadge({ facts }: { facts: ConnectionFacts }) {
  const d = describeConnection(facts);
  return (
    <span className="tab-badge" title={[d.protection, d.route, d.auth, d.warning].filter(Boolean).join(' · ')} data-warning={d.warning ? 'true' : undefined}>
      {d.warning ? `⚠ ${d.protectionShort}` : d.protectionShort}
    </span>
  );
}
