// Stands in for node:http2 inside the bundled undici (electron/bundle/undici-bundle.ts). Every
// Client we make sets allowH2: false and offers only http/1.1 in ALPN, so undici's HTTP/2 client
// is never started; as it loads, undici reads only `constants`.
export const constants = {};

export function connect() {
  throw new Error('HTTP/2 is not part of this bundle: undici Clients here must set allowH2: false.');
}
