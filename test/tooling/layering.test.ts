import { ESLint } from 'eslint';
import { describe, expect, it } from 'vitest';

// The layering rule lives in eslint.config.js; these cases prove it fires on violations (and only on them),
// by linting snippets as if they were saved at the given paths.
const eslint = new ESLint({ cwd: process.cwd() });

async function restrictedImports(filePath: string, code: string): Promise<string[]> {
  const [result] = await eslint.lintText(code, { filePath });
  return (result?.messages ?? []).filter((m) => m.ruleId === 'no-restricted-imports').map((m) => m.message);
}

describe('layering lint rule', () => {
  it.each([
    ['shared/ importing main-process code', 'shared/ipc/violation.ts', "import { createDispatcher } from '../../electron/ipc/dispatcher.ts';\nexport const d = createDispatcher;\n"],
    ['shared/ importing renderer code', 'shared/domain/violation.ts', "import { App } from '../../renderer/src/App.tsx';\nexport const a = App;\n"],
    ['shared/ importing a Node builtin', 'shared/violation.ts', "import { readFileSync } from 'node:fs';\nexport const r = readFileSync;\n"],
    ['shared/ importing electron', 'shared/violation.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['the renderer importing main-process code', 'renderer/src/violation.ts', "import { createHandlers } from '../../electron/ipc/handlers.ts';\nexport const h = createHandlers;\n"],
    ['the renderer importing electron', 'renderer/src/violation.tsx', "import { ipcRenderer } from 'electron';\nexport const i = ipcRenderer;\n"],
    ['the renderer importing undici', 'renderer/src/violation.ts', "import { request } from 'undici';\nexport const r = request;\n"],
    ['the WinRM core importing electron', 'electron/winrm/violation.ts', "import { net } from 'electron';\nexport const n = net;\n"],
    ['the proxy core importing electron', 'electron/proxy/violation.ts', "import { session } from 'electron';\nexport const s = session;\n"],
    ['main importing renderer code', 'electron/main.ts', "import { App } from '../renderer/src/App.tsx';\nexport const a = App;\n"],
  ])('rejects %s', async (_label, filePath, code) => {
    await expect(restrictedImports(filePath, code)).resolves.toHaveLength(1);
  });

  it.each([
    ['main importing electron', 'electron/main.ts', "import { app } from 'electron';\nexport const a = app;\n"],
    ['the Electron IPC adapter importing electron', 'electron/ipc/electron-ipc.ts', "import { ipcMain } from 'electron';\nexport const i = ipcMain;\n"],
    ['the renderer importing shared', 'renderer/src/ok.ts', "import { contract } from '../../shared/ipc/contract.ts';\nexport const c = contract;\n"],
    ['the core importing shared and Node', 'electron/winrm/ok.ts', "import { readFileSync } from 'node:fs';\nimport { contract } from '../../shared/ipc/contract.ts';\nexport const x = [readFileSync, contract];\n"],
    ['shared importing zod', 'shared/ok.ts', "import { z } from 'zod';\nexport const s = z.string();\n"],
  ])('allows %s', async (_label, filePath, code) => {
    await expect(restrictedImports(filePath, code)).resolves.toEqual([]);
  });
});
