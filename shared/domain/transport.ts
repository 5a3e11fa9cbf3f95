/** The two WinRM listeners Windows ships: HTTP on 5985, HTTPS on 5986. */
export const TRANSPORTS = ['http', 'https'] as const;
export type Transport = (typeof TRANSPORTS)[number];

export function defaultPort(transport: Transport): number {
  return transport === 'https' ? 5986 : 5985;
}
