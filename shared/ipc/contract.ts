import { z } from 'zod';
import { channel } from './channel.ts';
import { hostIdSchema, hostSummarySchema, newHostSchema } from '../domain/host.ts';

const noRequest = z.undefined();

export const appInfoSchema = z.object({
  name: z.string(),
  version: z.string(),
  platform: z.string(),
  nodeVersion: z.string(),
  electronVersion: z.string().nullable(),
});

/**
 * Every channel between renderer and main, declared once. Requests are strict (an unknown field is a
 * rejected payload, not an ignored one); responses are parsed on the way out, so a field the contract
 * does not name — a secret, say — cannot cross.
 */
export const contract = {
  app: {
    getInfo: channel(noRequest, appInfoSchema),
  },
  hosts: {
    list: channel(noRequest, z.array(hostSummarySchema)),
    add: channel(newHostSchema, hostSummarySchema),
    remove: channel(z.strictObject({ id: hostIdSchema }), z.object({ removed: z.literal(true) })),
  },
};

export type DeskContract = typeof contract;
