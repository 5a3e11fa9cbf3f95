import { z } from 'zod';
import { HOST_AUTH, PROXY_AUTH } from '../policy/connection-plan-types.ts';

/**
 * What an open session is, as the tab's badge and the session list show it: how the bytes travel,
 * who authenticated how, and what protects the messages. Built in main from the plan and the hop
 * events; nothing secret is in it.
 */
export const connectionFactsSchema = z.object({
  endpoint: z.string(),
  route: z.enum(['direct', 'forward', 'tunnel']),
  proxy: z.object({ host: z.string(), port: z.number().int(), auth: z.enum(PROXY_AUTH) }).nullable(),
  /** The scheme the plan chose (`negotiate` may still run Kerberos or NTLM inside: see `mechanism`). */
  auth: z.enum(HOST_AUTH),
  mechanism: z.enum(['basic', 'ntlm', 'kerberos']).nullable(),
  protection: z.enum(['tls', 'message-encryption', 'tls+message-encryption', 'none']),
  certificateVerification: z.boolean(),
  /** SHA-256 of the server certificate, upper-case hex with colons; null over HTTP. */
  certificateSha256: z.string().nullable(),
  /** Pinned connections the session holds now. */
  lanes: z.number().int().min(0),
  shellId: z.string(),
  warnings: z.array(z.string()),
});
export type ConnectionFacts = z.output<typeof connectionFactsSchema>;
