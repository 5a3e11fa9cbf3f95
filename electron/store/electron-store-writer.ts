import ElectronStore from 'electron-store';
import type { JsonWriterFactory } from './versioned-file.ts';

/**
 * The app's store files through electron-store (conf under Electron): same atomic writes, same
 * options as the CLI's plain conf, so a file written by either opens in the other. The renderer never
 * uses electron-store: it reaches profiles only through the validated IPC contract.
 */
export const electronStoreWriter: JsonWriterFactory = ({ dir, name, extension, serialize }) => {
  const store = new ElectronStore<Record<string, unknown>>({
    cwd: dir,
    name,
    fileExtension: extension,
    configFileMode: 0o600,
    clearInvalidConfig: false,
    accessPropertiesByDotNotation: false,
    serialize,
    deserialize: () => ({}),
  });
  return { path: store.path, write: (value) => (store.store = value) };
};
