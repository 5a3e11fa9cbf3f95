// MIT and Heimdal name caches as TYPE:residual (FILE:/tmp/krb5cc_1000, DIR::/run/user/1000/krb5cc,
// KEYRING:persistent:1000, KCM:1000, MEMORY:…, API:…, MSLSA:).
const CACHE_TYPES = 'FILE|DIR|KEYRING|KCM|KCMCACHE|MEMORY|MSLSA|API|KDB';

// Applied after white space is collapsed to single spaces, so no pattern rescans a long run of it.
const DROPPED: readonly RegExp[] = [
  // "No Kerberos credentials available (default cache: FILE:/tmp/krb5cc_1000)", "(filename: /tmp/…)"
  / ?\((?:default cache|filename|file name|cache name|ccache|cache|keytab) ?:[^)]*\)?/gi,
  // "Credentials cache file '/tmp/krb5cc_0' not found", "cache keyring 'persistent:1000'": a quoted
  // name after a word that says it is one, or quoted text that is a path or a cache name.
  /(?<=\b(?:cache|keyring|file|collection|keytab)) ?['"‘“][^'"’”]*['"’”]?/gi,
  new RegExp(String.raw` ?['"‘“](?:(?:${CACHE_TYPES}):|[/\\]|[A-Za-z]:\\)[^'"’”]*['"’”]?`, 'gi'),
  // A bare cache name, then a bare absolute path (Unix or Windows).
  new RegExp(String.raw`(?<![\w.])(?:${CACHE_TYPES}):[^\s,;)'"]*`, 'g'),
  /(?<![\w.@/-])\/[^\s,;)'"]*/g,
  /(?<!\w)[A-Za-z]:\\[^\s,;)'"]*/g,
];

/**
 * A Kerberos library's or kinit's message as the user may see it: without the name or path of a
 * credential cache (a private collection's directory, the user's own cache), which says where tickets
 * lie and helps no one fix anything. What the message means is kept: "No Kerberos
 * credentials available (default cache: FILE:/tmp/krb5cc_1000)" becomes "No Kerberos credentials
 * available". Principals (`HTTP/host@REALM`) are not paths and stay.
 */
export function kerberosReason(message: string, maxLength = 200): string {
  let text = message.slice(0, 4096).replace(/\s+/g, ' ');
  for (const pattern of DROPPED) text = text.replace(pattern, '');
  text = text.replace(/ (?=[.,;:)])/g, '').replace(/ {2,}/g, ' ').trim();
  return text.length > maxLength ? `${text.slice(0, maxLength)}…` : text;
}
