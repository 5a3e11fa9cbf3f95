/**
 * The renderer's Content-Security-Policy, one string for the packaged app, the dev server and the
 * test harness: only the app's own scripts and styles, no eval, no inline script, no remote anything.
 */
const RENDERER_CSP_DIRECTIVES = [
  "default-src 'none'",
  "script-src 'self'",
  "style-src 'self'",
  "img-src 'self' data:",
  "font-src 'self'",
  "connect-src 'self'",
  "base-uri 'none'",
  "form-action 'none'",
  "object-src 'none'",
];

/** For the <meta> tag, where browsers ignore frame-ancestors (and say so on the console). */
export const RENDERER_CSP_META = RENDERER_CSP_DIRECTIVES.join('; ');

/** For response headers (Electron session, harness), which can also forbid framing. */
export const RENDERER_CSP = [...RENDERER_CSP_DIRECTIVES, "frame-ancestors 'none'"].join('; ');
