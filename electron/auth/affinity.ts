/**
 * The explanation every AFFINITY_LOST carries, after Microsoft's "Proxy servers and WinRM": what
 * connection-based authentication needs, what broke it, and what to change.
 */
export function affinityAdvice(scheme: string): string {
  return (
    `${scheme} authenticates a TCP connection, not a request: every leg of the handshake and every request after it must travel ` +
    'on the same persistent HTTP/1.1 connection, from this machine through any proxy to the server. Something on the way ' +
    '(usually a proxy that closes or re-opens connections, or strips connection-based authentication) broke that. ' +
    'Fix: use HTTPS (port 5986), which goes through a proxy in a CONNECT tunnel that keeps the connection; or, for HTTP, ' +
    'tunnel it through CONNECT (the proxy profile’s tunnel option).'
  );
}
