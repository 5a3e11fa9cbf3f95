import { z } from 'zod';
import { proxyProfileInputSchema, type ProxyAccessType, type ProxyAuthScheme, type ProxyProfile } from '../../../shared/domain/proxy-profile.ts';
import type { contract } from '../../../shared/ipc/contract.ts';
import { bypassTextOf, checkBypassText } from './bypass-text.ts';

/** What main found in pasted `netsh winhttp show proxy` output. Declared here, not in the slice, so
 * this pure module (and its Node tests) never pull in the page's store. */
export type WinhttpImport = z.output<typeof contract.proxyProfiles.parseWinhttp.response>;

/**
 * The proxy editor's fields. Fields another access type hides keep what was typed (switching from
 * manual to system and back loses nothing); only what the chosen access type uses is saved.
 */
export interface ProxyDraft {
  readonly name: string;
  readonly access: ProxyAccessType;
  readonly url: string;
  readonly tunnelForHttp: boolean;
  readonly auth: ProxyAuthScheme;
  readonly credentialId: string;
  readonly spnHost: string;
  readonly bypassText: string;
}

export type ProxyInput = z.input<typeof proxyProfileInputSchema>;

export function proxyDraftOf(profile: ProxyProfile): ProxyDraft {
  return {
    name: profile.name,
    access: profile.access,
    url: profile.url ?? '',
    tunnelForHttp: profile.tunnelForHttp,
    auth: profile.auth,
    credentialId: profile.credentialId ?? '',
    spnHost: profile.spnHost ?? '',
    bypassText: bypassTextOf(profile.bypass),
  };
}

export function proxyInputOf(draft: ProxyDraft): ProxyInput {
  const direct = draft.access === 'none';
  const auth = direct ? 'none' : draft.auth;
  return {
    name: draft.name,
    access: draft.access,
    ...(draft.access === 'manual' ? { url: draft.url } : {}),
    bypass: direct ? [] : checkBypassText(draft.bypassText).entries,
    auth,
    ...(auth !== 'none' && draft.credentialId !== '' ? { credentialId: draft.credentialId } : {}),
    ...((auth === 'negotiate' || auth === 'ntlm') && draft.spnHost.trim() !== '' ? { spnHost: draft.spnHost } : {}),
    tunnelForHttp: !direct && draft.tunnelForHttp,
  };
}

/** The draft checked by the very schema main saves with; issues keep the saved field's path (url, bypass.2…). */
export const proxyDraftSchema = z.custom<ProxyDraft>().transform(proxyInputOf).pipe(proxyProfileInputSchema);

/** What pasted `netsh winhttp show proxy` output sets: a manual proxy and its bypass list, or no proxy. */
export function applyWinhttp(draft: ProxyDraft, found: WinhttpImport): ProxyDraft {
  if (found.access === 'none') return { ...draft, access: 'none' };
  return { ...draft, access: 'manual', url: found.url ?? draft.url, bypassText: bypassTextOf(found.bypass) };
}
