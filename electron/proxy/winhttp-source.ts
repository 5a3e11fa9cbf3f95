import { execFile } from 'node:child_process';
import { DeskError } from '../../shared/errors.ts';

/**
 * The machine's WinHTTP proxy as `netsh winhttp show proxy` prints it (Windows only; elsewhere an admin
 * imports that text into the profile). Legacy WinRM took its proxy from here, not from the browser.
 */
export function readWinhttpSettings(platform: NodeJS.Platform = process.platform): Promise<string> {
  if (platform !== 'win32') {
    return Promise.reject(new DeskError('NOT_SUPPORTED', 'WinHTTP settings exist only on Windows; import the output of `netsh winhttp show proxy` instead.'));
  }
  return new Promise((resolve, reject) => {
    execFile('netsh.exe', ['winhttp', 'show', 'proxy'], { windowsHide: true, timeout: 10_000 }, (error, stdout) => {
      if (error) reject(new DeskError('NOT_SUPPORTED', `netsh winhttp show proxy failed (${(error as NodeJS.ErrnoException).code ?? 'error'}).`));
      else resolve(stdout);
    });
  });
}
