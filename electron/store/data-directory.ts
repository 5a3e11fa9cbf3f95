import { join } from 'node:path';

/**
 * Where the desktop app keeps profiles and the vault: Electron's userData for productName "WinRM
 * Desk". The CLI defaults to it so both see the same hosts and credentials; the app itself should
 * use app.getPath('userData'), which this mirrors.
 */
export function defaultDataDirectory(env: NodeJS.ProcessEnv, platform: NodeJS.Platform, home: string): string {
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'WinRM Desk');
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'WinRM Desk');
  return join(env.XDG_CONFIG_HOME || join(home, '.config'), 'WinRM Desk');
}
