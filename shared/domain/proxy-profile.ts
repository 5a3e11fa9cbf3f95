import { z } from 'zod';

import { PROXY_AUTH, type ProxyAuth } from '../policy/connection-plan-types.ts';
import { bypassEntryProblem } from './bypass-entry.ts';
import { hostAddressSchema } from './host.ts';
import { credentialIdSchema, proxyProfileIdSchema } from './host-profile.ts';

/**
 * A proxy profile, modelled on what PowerShell's New-PSSessionOption offers (DESIGN §4). `environment`
 * applies HTTPS_PROXY/NO_PROXY only because the user chose it: an ambient proxy silently hijacking a
 * WinRM host is a classic bug report.
 */
export const PROXY_ACCESS_TYPES = ['none', 'system', 'winhttp', 'environment', 'manual'] as const;
export type ProxyAccessType = (typeof PROXY_ACCESS_TYPES)[number];

// The planner's list: a profile can only name what a connection plan knows how to route.
export const PROXY_AUTH_SCHEMES = PROXY_AUTH;
export type ProxyAuthScheme = ProxyAuth;

const bypassEntrySchema = z
  .string()
  .trim()
  .superRefine((entry, ctx) => {
    const problem = bypassEntryProblem(entry);
    if (problem) ctx.addIssue({ code: 'custom', message: problem });
  });

export const proxyUrlSchema = z
  .string()
  .trim()
  .superRefine((value, ctx) => {
    let url: URL;
    try {
      url = new URL(value);
    } catch {
      ctx.addIssue({ code: 'custom', message: 'The proxy URL is not a URL; expected http://host:port' });
      return;
    }
    // electron/proxy speaks to plain-HTTP proxies only (CONNECT carries the TLS); see proxy-address.ts.
    if (url.protocol !== 'http:') ctx.addIssue({ code: 'custom', message: 'The proxy URL must start with http:// (HTTP proxies only)' });
    // A password in a saved URL would be a plaintext secret in the profile file and in every export.
    if (url.username || url.password) ctx.addIssue({ code: 'custom', message: 'The proxy URL must not carry credentials; use a proxy credential' });
    if (url.pathname !== '/' || url.search || url.hash) ctx.addIssue({ code: 'custom', message: 'The proxy URL takes no path, query or fragment' });
  });

const proxyProfileFields = z.strictObject({
  id: proxyProfileIdSchema,
  name: z.string().trim().min(1, 'Name is required').max(128, 'Name is longer than 128 characters'),
  access: z.enum(PROXY_ACCESS_TYPES),
  url: proxyUrlSchema.optional(),
  bypass: z.array(bypassEntrySchema).max(1000).default([]),
  auth: z.enum(PROXY_AUTH_SCHEMES).default('none'),
  credentialId: credentialIdSchema.optional(),
  spnHost: hostAddressSchema.optional(),
  // Plain-HTTP WinRM through a proxy: CONNECT (keeps the connection pinned end to end) instead of forwarding.
  tunnelForHttp: z.boolean().default(false),
});

type ProxyProfileFields = Omit<z.output<typeof proxyProfileFields>, 'id'>;

// The rules between fields, apart from the object so the editor's input (no id yet) keeps them too:
// zod cannot omit a key from a refined object.
function proxyProfileRules(profile: ProxyProfileFields, ctx: z.RefinementCtx): void {
  if (profile.access === 'manual' && !profile.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'A manual proxy needs a URL' });
  if (profile.access !== 'manual' && profile.url) ctx.addIssue({ code: 'custom', path: ['url'], message: 'Only a manual proxy has a URL' });
  if (profile.access === 'none' && profile.auth !== 'none') ctx.addIssue({ code: 'custom', path: ['auth'], message: 'No proxy means no proxy authentication' });
  // Basic and Digest have no single sign-on: without a credential they can only fail.
  if ((profile.auth === 'basic' || profile.auth === 'digest') && !profile.credentialId) {
    ctx.addIssue({ code: 'custom', path: ['credentialId'], message: `Proxy ${profile.auth} authentication needs a proxy credential` });
  }
  if (profile.auth === 'none' && profile.credentialId) ctx.addIssue({ code: 'custom', path: ['credentialId'], message: 'A proxy credential needs a proxy authentication scheme' });
}

export const proxyProfileSchema = proxyProfileFields.superRefine(proxyProfileRules);
/** A proxy profile as the editor sends it: the store assigns or keeps the id. */
export const proxyProfileInputSchema = proxyProfileFields.omit({ id: true }).superRefine(proxyProfileRules);
export type ProxyProfile = z.output<typeof proxyProfileSchema>;
