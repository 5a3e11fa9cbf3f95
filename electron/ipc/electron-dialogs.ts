import { dialog, type BrowserWindow } from 'electron';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { DeskError } from '../../shared/errors.ts';
import type { FileDialogs } from './services.ts';

// The same bound as hosts.importText's text: a larger file is not a host list.
const MAX_IMPORT_BYTES = 64 * 1024 * 1024;
const FILTERS = [
  { name: 'Host lists (CSV, JSON)', extensions: ['csv', 'json', 'txt'] },
  { name: 'All files', extensions: ['*'] },
];

/** Electron's open and save dialogs, attached to the window that asked (the app's one window). */
export function electronFileDialogs(window: () => BrowserWindow | null): FileDialogs {
  const parent = () => window() ?? undefined;
  return {
    async openText() {
      const options = { title: 'Import hosts', properties: ['openFile' as const], filters: FILTERS };
      const owner = parent();
      const chosen = owner ? await dialog.showOpenDialog(owner, options) : await dialog.showOpenDialog(options);
      const path = chosen.canceled ? undefined : chosen.filePaths[0];
      if (path === undefined) return null;
      try {
        if ((await stat(path)).size > MAX_IMPORT_BYTES) throw new DeskError('INVALID_ARGUMENT', 'The file is larger than 64 MB; a host list is far smaller.');
        return await readFile(path, 'utf8');
      } catch (error) {
        if (error instanceof DeskError) throw error;
        throw new DeskError('STORE_IO', `The file cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: error });
      }
    },
    async saveText(defaultName, text) {
      const options = { title: 'Export hosts', defaultPath: defaultName, filters: FILTERS };
      const owner = parent();
      const chosen = owner ? await dialog.showSaveDialog(owner, options) : await dialog.showSaveDialog(options);
      if (chosen.canceled || !chosen.filePath) return null;
      try {
        await writeFile(chosen.filePath, text, { mode: 0o600 });
      } catch (error) {
        throw new DeskError('STORE_IO', `The file cannot be written (${(error as NodeJS.ErrnoException).code ?? 'error'}).`, { cause: error });
      }
      return chosen.filePath;
    },
  };
}
