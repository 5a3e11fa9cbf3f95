import path from 'node:path';

/**
 * Where the command line keeps Node's compile cache: the user's own cache directory, never the
 * shared temporary one. Node's default, `<tmpdir>/node-compile-cache`, is one directory for every
 * user on Linux: whoever creates it first owns it, so the others lose the cache, and a cache someone
 * else can write is code this process would run (V8 takes a cached entry whose source checksum
 * matches). macOS and Windows temporary directories are per user already; their cache directories
 * are used all the same, beside the app's other data.
 */
export function compileCacheDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return path.win32.join(env['LOCALAPPDATA'] || path.win32.join(home, 'AppData', 'Local'), 'WinRM Desk', 'Cache', 'node-compile-cache');
  if (platform === 'darwin') return path.posix.join(home, 'Library', 'Caches', 'WinRM Desk', 'node-compile-cache');
  const xdg = env['XDG_CACHE_HOME'];
  // The XDG base directory spec ignores a relative XDG_CACHE_HOME.
  return path.posix.join(xdg && path.posix.isAbsolute(xdg) ? xdg : path.posix.join(home, '.cache'), 'winrm-desk', 'node-compile-cache');
}
