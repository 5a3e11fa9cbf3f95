import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';
import { HOST_AUTH } from '../policy/connection-plan-types.ts';

/**
 * The connection test ("Test connection" on a host): one attempt, reported as a ladder of steps in
 * the order the bytes travel. Step 0 is the plan: a refused plan fails there and nothing is sent.
 */
export const LADDER_STEPS = ['plan', 'resolve', 'tcp', 'proxy-auth', 'tunnel', 'tls', 'winrm-auth', 'encryption', 'shell-create', 'shell-delete'] as const;
export type LadderStepName = (typeof LADDER_STEPS)[number];

/** `skipped` is a step this route does not have (no TLS over HTTP) or one never reached after a failure. */
export const STEP_STATUSES = ['pending', 'running', 'ok', 'failed', 'skipped'] as const;

export const certificateInfoSchema = z.object({
  subject: z.string(),
  issuer: z.string(),
  /** Upper-case hex with colons, as Windows' certificate dialog shows it. */
  sha256: z.string(),
  validFrom: z.string(),
  validTo: z.string(),
});
export type CertificateInfo = z.output<typeof certificateInfoSchema>;

export const ladderStepSchema = z.object({
  step: z.enum(LADDER_STEPS),
  status: z.enum(STEP_STATUSES),
  /** What happened, for a person: "127.0.0.1 → 127.0.0.1:3128", "NTLM (server offered Negotiate, NTLM)". */
  detail: z.string(),
  durationMs: z.number().nonnegative().optional(),
  /** With a failed step: the error code and what to change, in words an admin acts on. */
  code: z.enum(ERROR_CODES).optional(),
  fix: z.string().optional(),
  certificate: certificateInfoSchema.optional(),
  /** With `winrm-auth`: the schemes the server's 401 offered, and the one that signed in. */
  offeredSchemes: z.array(z.string()).optional(),
  mechanism: z.enum(['basic', 'ntlm', 'kerberos']).optional(),
  /** With `proxy-auth`: the schemes the proxy's 407 offered. */
  proxySchemes: z.array(z.string()).optional(),
});
export type LadderStep = z.output<typeof ladderStepSchema>;

export const connectionTestSchema = z.object({
  testId: z.string(),
  hostId: z.string(),
  hostName: z.string(),
  /** The scheme the plan chose, and the route ("direct", "via proxy 127.0.0.1:3128 (tunnel)"). */
  auth: z.enum(HOST_AUTH).nullable(),
  route: z.string(),
  steps: z.array(ladderStepSchema),
  done: z.boolean(),
  ok: z.boolean(),
  /** Set when the test is done: the whole attempt's time. */
  durationMs: z.number().nonnegative().optional(),
});
export type ConnectionTest = z.output<typeof connectionTestSchema>;
