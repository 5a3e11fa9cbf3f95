import { describe, expect, it } from 'vitest';
import { compileCacheDirectory } from '../../../electron/cli/compile-cache.ts';

describe('compileCacheDirectory', () => {
  it('is in the user’s own cache directory on every platform, never the shared temporary one', () => {
    expect(compileCacheDirectory({}, 'linux', '/home/ann')).toBe('/home/ann/.cache/winrm-desk/node-compile-cache');
    expect(compileCacheDirectory({ XDG_CACHE_HOME: '/var/cache/ann' }, 'linux', '/home/ann')).toBe('/var/cache/ann/winrm-desk/node-compile-cache');
    expect(compileCacheDirectory({}, 'darwin', '/Users/ann')).toBe('/Users/ann/Library/Caches/WinRM Desk/node-compile-cache');
    expect(compileCacheDirectory({ LOCALAPPDATA: 'C:\\Users\\ann\\AppData\\Local' }, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\WinRM Desk\\Cache\\node-compile-cache');
    expect(compileCacheDirectory({}, 'win32', 'C:\\Users\\ann')).toBe('C:\\Users\\ann\\AppData\\Local\\WinRM Desk\\Cache\\node-compile-cache');
  });

  it('ignores a relative XDG_CACHE_HOME, as the XDG base directory spec says', () => {
    expect(compileCacheDirectory({ XDG_CACHE_HOME: 'cache' }, 'freebsd', '/home/ann')).toBe('/home/ann/.cache/winrm-desk/node-compile-cache');
  });
});
