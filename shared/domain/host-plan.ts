import { z } from 'zod';
import { ERROR_CODES } from '../errors.ts';
import { HOST_AUTH, PROXY_AUTH } from '../policy/connection-plan-types.ts';
import { TRANSPORTS } from './transport.ts';

/**
 * A fix the editor can apply with one click, when the refusal's fix is a setting: on the host itself
 * (switch to HTTPS 5986) or on the proxy profile it uses (tunnel HTTP through CONNECT).
 */
export const planFixSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('host'), label: z.string(), changes: z.object({ transport: z.enum(TRANSPORTS).optional(), port: z.number().int().nullable().optional(), encryption: z.enum(['auto', 'always', 'never']).optional() }) }),
  z.object({ kind: z.literal('proxy-profile'), label: z.string(), proxyProfileId: z.string(), changes: z.object({ tunnelForHttp: z.boolean().optional() }) }),
]);
export type PlanFix = z.output<typeof planFixSchema>;

/** One route the host's proxy settings give (PAC-style lists give several), and its plan. */
export const routePlanSchema = z.discriminatedUnion('ok', [
  z.object({
    ok: z.literal(true),
    proxy: z.object({ host: z.string(), port: z.number().int(), auth: z.enum(PROXY_AUTH) }).nullable(),
    route: z.enum(['direct', 'forward', 'tunnel']),
    transport: z.enum(TRANSPORTS),
    auth: z.enum(HOST_AUTH),
    protection: z.enum(['tls', 'message-encryption', 'tls+message-encryption', 'none']),
    certificateVerification: z.boolean(),
    /** "via proxy 127.0.0.1:3128 (CONNECT tunnel), NTLM, message encryption" */
    summary: z.string(),
    warnings: z.array(z.string()),
    notes: z.array(z.string()),
    fixes: z.array(planFixSchema),
  }),
  z.object({
    ok: z.literal(false),
    proxy: z.object({ host: z.string(), port: z.number().int(), auth: z.enum(PROXY_AUTH) }).nullable(),
    code: z.enum(ERROR_CODES),
    reason: z.string(),
    fix: z.string(),
    fixes: z.array(planFixSchema),
  }),
]);
export type RoutePlan = z.output<typeof routePlanSchema>;

/** The plan for a host as the editor holds it (saved or not): every route, or why none can be found. */
export const hostPlanSchema = z.object({
  routes: z.array(routePlanSchema),
  /** How the route was chosen ("the bypass list names this host"). */
  notes: z.array(z.string()),
  /** The proxy settings could not be resolved (system proxy in the test harness, WinHTTP off Windows). */
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }).nullable(),
});
export type HostPlan = z.output<typeof hostPlanSchema>;
