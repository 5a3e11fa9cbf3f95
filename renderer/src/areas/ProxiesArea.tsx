export function ProxiesArea() {
  return (
    <section aria-labelledby="proxies-title">
      <h2 id="proxies-title">Proxy profiles</h2>
      <p className="empty">No proxy profiles yet.</p>
    </section>
  );
}
