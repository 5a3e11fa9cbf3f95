import { createRequire } from 'node:module';
import type * as Binding from 'winrm-desk-gssapi';

export type NativeGss = typeof Binding;
export type NativeContext = Binding.NativeContext;

// The compiled library is loaded once per process, like any module; every security context it
// makes is separate (nothing per session is kept here).
let loaded: { readonly gss: NativeGss } | { readonly unavailable: string } | undefined;

function load(): { readonly gss: NativeGss } | { readonly unavailable: string } {
  try {
    return { gss: createRequire(import.meta.url)('winrm-desk-gssapi') as NativeGss };
  } catch (error) {
    // The loader's message names install paths; the admin needs only to know the part is missing.
    const code = (error as { code?: unknown }).code;
    return { unavailable: `its Kerberos component did not load${typeof code === 'string' ? ` (${code})` : ''}` };
  }
}

/** The GSSAPI/SSPI initiator (electron/native/gssapi), or null when this build lacks it. */
export function nativeGss(): NativeGss | null {
  loaded ??= load();
  return 'gss' in loaded ? loaded.gss : null;
}

/** Why Kerberos cannot run here, or null when it can (the plan's PlatformCaps). */
export function kerberosUnavailable(): string | null {
  loaded ??= load();
  return 'unavailable' in loaded ? loaded.unavailable : null;
}
