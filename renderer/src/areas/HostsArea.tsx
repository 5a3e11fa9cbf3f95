import { useEffect, useState, type FormEvent, type KeyboardEvent, type MouseEvent } from 'react';
import { defaultPort, type Transport } from '../../../shared/domain/transport.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { useDesk } from '../state/store.ts';

/** Enter on a focused row opens a shell; Up/Down move between rows. Keys on the row's buttons are theirs. */
function rowKey(event: KeyboardEvent<HTMLTableRowElement>, open: () => void): void {
  if (event.target !== event.currentTarget) return;
  const row = event.currentTarget;
  const sibling = event.key === 'ArrowDown' ? row.nextElementSibling : event.key === 'ArrowUp' ? row.previousElementSibling : null;
  if (event.key === 'Enter') open();
  else if (sibling instanceof HTMLElement) sibling.focus();
  else return;
  event.preventDefault();
}

function rowDoubleClick(event: MouseEvent<HTMLTableRowElement>, open: () => void): void {
  if (event.target instanceof Element && event.target.closest('button, a, input, select, textarea')) return;
  open();
}

export function HostsArea() {
  const hosts = useDesk((s) => s.hosts);
  const error = useDesk((s) => s.hostsError);
  const loadHosts = useDesk((s) => s.loadHosts);
  const addHost = useDesk((s) => s.addHost);
  const removeHost = useDesk((s) => s.removeHost);
  const openShell = useDesk((s) => s.openShell);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  const [transport, setTransport] = useState<Transport>('https');
  const [port, setPort] = useState('');

  useEffect(() => {
    void loadHosts();
  }, [loadHosts]);

  async function submit(event: FormEvent) {
    event.preventDefault();
    // The form sends what was typed; main's schema is the one judge of what is valid.
    const accepted = await addHost({ name, address, transport, ...(port === '' ? {} : { port: Number(port) }) });
    if (accepted) {
      setName('');
      setAddress('');
      setPort('');
    }
  }

  return (
    <section aria-labelledby="hosts-title">
      <h2 id="hosts-title">Hosts</h2>
      <form className="host-form" onSubmit={(event) => void submit(event)} aria-label="Add host">
        <label htmlFor="host-name">Name</label>
        <input id="host-name" name="name" value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="host-address">Address</label>
        <input id="host-address" name="address" value={address} onChange={(e) => setAddress(e.target.value)} />
        <label htmlFor="host-transport">Transport</label>
        <select id="host-transport" name="transport" value={transport} onChange={(e) => setTransport(e.target.value as Transport)}>
          <option value="https">HTTPS</option>
          <option value="http">HTTP</option>
        </select>
        <label htmlFor="host-port">Port</label>
        <input id="host-port" name="port" inputMode="numeric" placeholder={String(defaultPort(transport))} value={port} onChange={(e) => setPort(e.target.value)} />
        <button type="submit">Add host</button>
      </form>
      <ErrorBanner error={error} />
      {hosts.length === 0 ? (
        <p className="empty">No hosts yet.</p>
      ) : (
        <table className="hosts">
          <thead>
            <tr>
              <th>Name</th>
              <th>Address</th>
              <th>Endpoint</th>
              <th />
            </tr>
          </thead>
          <tbody>
            {hosts.map((host) => (
              <tr
                key={host.id}
                data-host-id={host.id}
                aria-label={host.name}
                tabIndex={0}
                className="host-row"
                onKeyDown={(event) => rowKey(event, () => void openShell(host.id))}
                onDoubleClick={(event) => rowDoubleClick(event, () => void openShell(host.id))}
              >
                <td>{host.name}</td>
                <td>{host.address}</td>
                <td>
                  {host.transport}://{host.address}:{host.port}/wsman
                </td>
                <td className="row-actions">
                  <button type="button" onClick={() => void openShell(host.id)}>
                    Open shell
                  </button>
                  <button type="button" onClick={() => void removeHost(host.id)} aria-label={`Remove ${host.name}`}>
                    Remove
                  </button>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
