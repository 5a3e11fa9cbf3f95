import { describe, expect, it } from 'vitest';
import { newHostSchema } from '../../../shared/domain/host.ts';

describe('new host schema', () => {
  it.each(['dc01', 'dc01.corp.example', 'DC01.CORP.EXAMPLE.', '10.0.0.5', 'fe80::1', '2001:db8::10'])('accepts the address %s', (address) => {
    expect(newHostSchema.safeParse({ name: 'n', address, transport: 'https' }).success).toBe(true);
  });

  it.each(['', '   ', 'https://dc01/wsman', 'dc01/wsman', 'dc 01', '-dc01', 'dc01-.corp', 'a'.repeat(64)])('rejects the address %j', (address) => {
    expect(newHostSchema.safeParse({ name: 'n', address, transport: 'https' }).success).toBe(false);
  });

  it.each([0, 65536, 5985.5, -1])('rejects port %d', (port) => {
    expect(newHostSchema.safeParse({ name: 'n', address: 'dc01', transport: 'http', port }).success).toBe(false);
  });

  it('rejects unknown fields rather than ignoring them', () => {
    expect(newHostSchema.safeParse({ name: 'n', address: 'dc01', transport: 'http', password: 'x' }).success).toBe(false);
  });

  it('rejects transports other than http and https', () => {
    expect(newHostSchema.safeParse({ name: 'n', address: 'dc01', transport: 'ssh' }).success).toBe(false);
  });
});
