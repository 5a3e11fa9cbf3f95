import { viaText, type LinkUsers } from '../../proxies/where-used.ts';

// A long list is cut: the count says how many, the names show which kind of hosts they are.
const SHOWN_HOSTS = 12;

const plural = (n: number, one: string) => `${n} ${one}${n === 1 ? '' : 's'}`;

/** Who uses an entry: the app defaults, folders that set it, hosts (with how they got it), and extra rows (proxy profiles). */
export function UsedBy({ users, extra = [], label }: { users: LinkUsers; extra?: readonly string[]; label: string }) {
  const nothing = !users.defaults && users.folders.length === 0 && users.hosts.length === 0 && extra.length === 0;
  return (
    <section className="used-by" aria-label={label}>
      <h4>Used by</h4>
      {nothing ? (
        <p className="hint">Nothing uses it yet.</p>
      ) : (
        <ul>
          {users.defaults && <li>The app defaults (every host that does not choose otherwise)</li>}
          {users.folders.map((f) => (
            <li key={f.id}>
              Folder <strong>{f.path}</strong> and what it holds
            </li>
          ))}
          {extra.map((text) => (
            <li key={text}>{text}</li>
          ))}
          {users.hosts.length > 0 && (
            <li>
              {plural(users.hosts.length, 'host')}:
              <ul className="used-by-hosts" aria-label="Hosts">
                {users.hosts.slice(0, SHOWN_HOSTS).map((h) => (
                  <li key={h.id}>
                    <strong>{h.name}</strong> <span className="hint">{viaText(h.via)}</span>
                  </li>
                ))}
                {users.hosts.length > SHOWN_HOSTS && <li className="hint">and {plural(users.hosts.length - SHOWN_HOSTS, 'more host')}</li>}
              </ul>
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
