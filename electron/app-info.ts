import packageJson from '../package.json' with { type: 'json' };

/** What the About line shows; `electronVersion` is null when the core runs in plain Node (CLI, tests). */
export function readAppInfo() {
  return {
    name: packageJson.productName,
    version: packageJson.version,
    platform: `${process.platform}-${process.arch}`,
    nodeVersion: process.versions.node,
    electronVersion: process.versions.electron ?? null,
  };
}
