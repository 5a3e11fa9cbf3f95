import { useEffect, useState, type FormEvent } from 'react';
import { defaultPort, type Transport } from '../../../shared/domain/transport.ts';
import { ErrorBanner } from '../ErrorBanner.tsx';
import { useDesk } from '../state/store.ts';

export function HostsArea() {
  const hosts = useDesk((s) => s.hosts);
  const error = useDesk((s) => s.hostsError);
  const loadHosts = useDesk((s) => s.loadHosts);
  const addHost = useDesk((s) => s.addHost);
  const removeHost = useDesk((s) => s.removeHost);
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
              <tr key={host.id} data-host-id={host.id}>
                <td>{host.name}</td>
                <td>{host.address}</td>
                <td>
                  {host.transport}://{host.address}:{host.port}/wsman
                </td>
                <td>
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
