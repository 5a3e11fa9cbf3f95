import { parseAst, type Plugin } from 'vite';

// The main-process bundle's static imports of Node's built-in modules become
// process.getBuiltinModule() calls (Node ≥ 22.3, Electron ≥ 32). An ES module import of a built-in
// builds an ES facade of it, which reads every export once, getters included: node:crypto then loads
// WebCrypto, node:dns its promises API, node:util and node:fs theirs: ~8 ms of every CLI start for
// nothing that runs. getBuiltinModule returns the module's exports object itself, which is what the
// facade's default export and named exports are read from.
//
// The rewrite turns a hoisted import into a declaration where the import stood, at the top of its
// chunk. That is the same as long as no chunk runs code of another before that one's top has run:
// true unless chunks import each other in a cycle, which the build then refuses. Dynamic import()
// of a built-in is left as it is (only later paths use one).
// test/electron/bundle/builtin-imports.test.ts holds the cases.

type Program = ReturnType<typeof parseAst>;
type Statement = Program['body'][number];
type Parse = (code: string) => Program;

const isBuiltin = (source: unknown): source is string => typeof source === 'string' && source.startsWith('node:');

function nameOf(node: { type: string; name?: string; value?: unknown }): string {
  if (node.type === 'Identifier' && node.name) return node.name;
  throw new Error(`builtin-imports: an import by string name (${String(node.value)}) is not rewritten`);
}

// Some exports of built-ins are getters that load a part of Node on first read (net.BlockList):
// a named import of one would read it as the chunk starts. Such a name is read where it is used
// (`net.BlockList`) instead; the build says so rather than load it at every start.
function refuseLazyExport(specifier: string, name: string): void {
  const builtin = process.getBuiltinModule(specifier) as object | undefined;
  if (builtin && Object.getOwnPropertyDescriptor(builtin, name)?.get) {
    throw new Error(`builtin-imports: ${name} of ${specifier} loads on first use; import the module and read .${name} where it is used`);
  }
}

/** The declaration that stands for one `import … from "node:x"`. */
function declarationFor(statement: Extract<Statement, { type: 'ImportDeclaration' }>, specifier: string): string {
  const load = `process.getBuiltinModule(${JSON.stringify(specifier)})`;
  const whole = statement.specifiers.find((s) => s.type !== 'ImportSpecifier');
  const named = statement.specifiers.flatMap((s) => {
    if (s.type !== 'ImportSpecifier') return [];
    refuseLazyExport(specifier, nameOf(s.imported));
    return [`${nameOf(s.imported)}: ${s.local.name}`];
  });
  if (!whole && named.length === 0) return `${load};`;
  if (!whole) return `const { ${named.join(', ')} } = ${load};`;
  return named.length === 0 ? `const ${whole.local.name} = ${load};` : `const ${whole.local.name} = ${load}, { ${named.join(', ')} } = ${whole.local.name};`;
}

/** `code` with its static imports of built-ins rewritten; throws on an export from a built-in. */
export function rewriteBuiltinImports(code: string, parse: Parse = parseAst): string {
  let out = '';
  let at = 0;
  for (const statement of parse(code).body) {
    const from = 'source' in statement && statement.source ? statement.source.value : undefined;
    if (!isBuiltin(from)) continue;
    if (statement.type !== 'ImportDeclaration') throw new Error(`builtin-imports: re-exports from ${from} are not rewritten`);
    if (statement.importKind === 'type') continue;
    out += code.slice(at, statement.start) + declarationFor(statement, from);
    at = statement.end;
  }
  return out + code.slice(at);
}

/** The first cycle among chunks' static imports, as file names, or null. */
export function importCycle(imports: ReadonlyMap<string, readonly string[]>): string[] | null {
  const state = new Map<string, 'open' | 'done'>();
  const path: string[] = [];
  const visit = (file: string): string[] | null => {
    if (state.get(file) === 'done') return null;
    if (state.get(file) === 'open') return [...path.slice(path.indexOf(file)), file];
    state.set(file, 'open');
    path.push(file);
    for (const next of imports.get(file) ?? []) {
      const cycle = imports.has(next) ? visit(next) : null;
      if (cycle) return cycle;
    }
    path.pop();
    state.set(file, 'done');
    return null;
  };
  for (const file of imports.keys()) {
    const cycle = visit(file);
    if (cycle) return cycle;
  }
  return null;
}

export function builtinImports(): Plugin {
  return {
    name: 'winrm-desk-builtin-imports',
    // After electron-vite's CommonJS shim, which adds an import of node:module of its own.
    renderChunk: {
      order: 'post',
      handler(code) {
        return { code: rewriteBuiltinImports(code, (source) => this.parse(source) as Program), map: null };
      },
    },
    generateBundle(_options, bundle) {
      const imports = new Map<string, readonly string[]>();
      for (const output of Object.values(bundle)) if (output.type === 'chunk') imports.set(output.fileName, output.imports);
      const cycle = importCycle(imports);
      if (cycle) throw new Error(`builtin-imports: chunks import each other (${cycle.join(' → ')}), so built-ins cannot be loaded at the top of each chunk`);
    },
  };
}
