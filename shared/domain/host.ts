import { z } from 'zod';

import { TRANSPORTS } from './transport.ts';

// RFC 1123 host names, IPv4 literals and bracket-less IPv6 literals; anything else (spaces, URLs,
// paths) is a typing mistake the user should hear about before a connection is attempted.
const HOSTNAME = /^(?=.{1,253}$)(?!-)[A-Za-z0-9-]{1,63}(?<!-)(\.(?!-)[A-Za-z0-9-]{1,63}(?<!-))*\.?$/;
const IPV6 = /^[0-9A-Fa-f:.]+$/;

export const hostAddressSchema = z
  .string()
  .trim()
  .min(1, 'Address is required')
  .refine((value) => HOSTNAME.test(value) || (value.includes(':') && IPV6.test(value)), {
    message: 'Address must be a host name or an IP address, without scheme or path',
  });

export const hostIdSchema = z.string().regex(/^h_[A-Za-z0-9_-]{6,64}$/, 'Not a host id');

export const newHostSchema = z.strictObject({
  name: z.string().trim().min(1, 'Name is required').max(128, 'Name is longer than 128 characters'),
  address: hostAddressSchema,
  transport: z.enum(TRANSPORTS),
  port: z.number().int('Port must be a whole number').min(1, 'Port must be 1–65535').max(65535, 'Port must be 1–65535').optional(),
});
export type NewHost = z.input<typeof newHostSchema>;

export const hostSummarySchema = z.object({
  id: hostIdSchema,
  name: z.string(),
  address: z.string(),
  transport: z.enum(TRANSPORTS),
  port: z.number().int(),
});
export type HostSummary = z.output<typeof hostSummarySchema>;
