/** Where the app's own pages live: `app://desk` when packaged, the dev server's origin in development. */
export interface AppOrigin {
  readonly protocol: string;
  readonly host: string;
}

/** The parts of Electron's WebFrameMain the check reads; kept structural so it runs in plain Node. */
export interface FrameLike {
  readonly url: string;
  readonly parent: unknown;
}

export function appOriginOf(url: string): AppOrigin {
  const parsed = new URL(url);
  return { protocol: parsed.protocol, host: parsed.host };
}

/**
 * True only for the top frame of one of the app's windows showing the app's own origin: an iframe, a
 * navigated-away page or another window's content gets no access to main, whatever it sends.
 * (WHATWG URL gives custom schemes an opaque origin, so protocol and host are compared instead.)
 */
export function isAppMainFrame(frame: FrameLike | null | undefined, isOwnWindow: boolean, origin: AppOrigin): boolean {
  if (!frame || !isOwnWindow || frame.parent !== null) return false;
  let url: URL;
  try {
    url = new URL(frame.url);
  } catch {
    return false;
  }
  return url.protocol === origin.protocol && url.host === origin.host && url.username === '' && url.password === '';
}
