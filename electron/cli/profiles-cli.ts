import { readFileSync, writeFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { parseArgs, type ParseArgsOptionsConfig } from 'node:util';
import { folderPath } from '../../shared/domain/folder-paths.ts';
import { indexFolders } from '../../shared/domain/host-inheritance.ts';
import { HOST_AUTH_SCHEMES, hostProfileSchema, type HostProfile, type TlsOptions } from '../../shared/domain/host-profile.ts';
import { PROXY_ACCESS_TYPES, PROXY_AUTH_SCHEMES, proxyProfileSchema, type ProxyProfile } from '../../shared/domain/proxy-profile.ts';
import { describeIssues } from '../../shared/domain/schema-issues.ts';
import { TRANSPORTS } from '../../shared/domain/transport.ts';
import { DeskError } from '../../shared/errors.ts';
import { readWinhttpSettings } from '../proxy/winhttp-source.ts';
import { defaultDataDirectory } from '../store/data-directory.ts';
import { MasterPasswordVault } from '../store/master-password-vault.ts';
import { ProfileStore, type NewHostProfile, type NewProxyProfile } from '../store/profile-store.ts';
import { requestForSavedHost } from '../connections/from-profile.ts';
import type { ConnectionRequest } from '../connections/request.ts';
import type { Encryption } from '../../shared/policy/connection-plan-types.ts';
import type { LoadReport, StoreProblem } from '../store/versioned-file.ts';
import type { CliIo } from './run.ts';
import { printableLine } from '../../shared/printable-line.ts';
import { environment, integer, invalid, oneOf, printNotice, reportFailure, secretFromEnv } from './flags.ts';

/** `profiles import` kept the good rows but rejected some. */
export const PARTIAL_IMPORT_EXIT = 2;

const SECRET_FLAGS = /^--(password|secret|master-password|new-master-password)(=|$)/;

/** node:util parseArgs with our error style, and a pointed answer to a secret typed on the command line. */
export function parseFlags<T extends ParseArgsOptionsConfig>(args: readonly string[], options: T, positionals: number) {
  const secretFlag = args.find((a) => SECRET_FLAGS.test(a));
  if (secretFlag) throw invalid(`secrets are never taken from the command line (it is visible to other processes and kept in shell history); use ${secretFlag.split('=')[0]}-env VAR`);
  let parsed;
  try {
    parsed = parseArgs({ args: [...args], options: { ...options, store: { type: 'string' } }, allowPositionals: true, strict: true });
  } catch (error) {
    throw invalid((error as Error).message.split('\n')[0]!.replace(/^.*?: /, ''));
  }
  if (parsed.positionals.length > positionals) throw invalid(`unexpected argument "${parsed.positionals[positionals]!.slice(0, 32)}"`);
  return parsed;
}

export function storeDirectory(store: unknown, env: NodeJS.ProcessEnv): string {
  return typeof store === 'string' && store !== '' ? store : defaultDataDirectory(env, process.platform, homedir());
}

export function reportProblems(io: CliIo, problems: readonly StoreProblem[]): void {
  for (const p of problems) {
    const where = p.movedTo ? `; the damaged file was kept as ${p.movedTo}` : '';
    printNotice(io.stderr, 'warning', `STORE_CORRUPT: ${p.file}: ${p.reason}${where}`);
  }
}

export function reportLoad(io: CliIo, report: LoadReport): void {
  reportProblems(io, report.problems);
  if (report.recoveredFrom === 'backup') printNotice(io.stderr, 'warning', 'the last good copy (backup) was loaded; check that nothing you need is missing.');
  if (report.migratedFrom !== null && report.preMigrationCopy) printNotice(io.stderr, 'note', `upgraded the file from schema ${report.migratedFrom}; the original is kept as ${report.preMigrationCopy}`);
}

export function failure(io: CliIo, error: unknown): number {
  return reportFailure(io.stderr, error);
}

function tlsFlags(values: { ca?: string; 'cert-thumbprint'?: string; 'insecure-skip-verify'?: boolean }): TlsOptions | undefined {
  const chosen = [values['insecure-skip-verify'] && '--insecure-skip-verify', values.ca && '--ca', values['cert-thumbprint'] && '--cert-thumbprint'].filter(Boolean);
  if (chosen.length > 1) throw invalid(`${chosen.join(' and ')} contradict each other; choose one.`);
  if (values['insecure-skip-verify']) return { mode: 'insecure' };
  if (values.ca) return { mode: 'ca', caFile: values.ca };
  if (values['cert-thumbprint']) return { mode: 'pin', sha256: values['cert-thumbprint'].replace(/[\s:]/g, '').toUpperCase() };
  return undefined;
}


export interface ProfileReference {
  readonly name: string;
  readonly store: string | undefined;
  readonly masterPasswordEnv: string | undefined;
}

/**
 * For `exec|batch|shell|plan --profile NAME`: the saved host as a connection request (the same
 * translation the app uses), with the vault unlocked for exactly as long as `run` runs (locked again
 * afterwards, whatever happens). The system proxy resolver (PAC/WPAD) lives in the app; the command
 * line takes its answer with --proxy-pac instead.
 */
export async function withProfileRequest<T>(
  ref: ProfileReference,
  /** What the command line still decides: everything a profile does not hold. */
  flags: { readonly encryption: Encryption | undefined; readonly operationTimeoutSec: number },
  io: CliIo,
  run: (request: ConnectionRequest) => Promise<T>,
): Promise<T> {
  const dir = storeDirectory(ref.store, io.env);
  const { store, report } = ProfileStore.open(dir);
  reportLoad(io, report);
  const vault = MasterPasswordVault.exists(dir) ? MasterPasswordVault.open(dir).vault : null;
  const sources = { env: io.env, ...(process.platform === 'win32' ? { winhttpText: () => readWinhttpSettings() } : {}) };
  const { request, profile } = await requestForSavedHost(store, vault, ref.name, {
    ...(flags.encryption ? { encryption: flags.encryption } : {}),
    operationTimeoutSec: flags.operationTimeoutSec,
    proxySources: sources,
    note: (message) => printNotice(io.stderr, 'note', message),
  });
  const usesVault = profile.credential?.hasSecret === true || profile.proxyProfile?.credentialId !== undefined;
  if (!vault || !usesVault) return run(request);
  await vault.unlock(secretFromEnv(io.env, 'master-password-env', ref.masterPasswordEnv));
  try {
    return await run(request);
  } finally {
    vault.lock();
  }
}

const ADD_FLAGS = {
  name: { type: 'string' },
  address: { type: 'string' },
  port: { type: 'string' },
  transport: { type: 'string' },
  auth: { type: 'string' },
  'ntlm-fallback': { type: 'boolean' },
  folder: { type: 'string' },
  tag: { type: 'string', multiple: true },
  notes: { type: 'string' },
  credential: { type: 'string' },
  proxy: { type: 'string' },
  'spn-host': { type: 'string' },
  ca: { type: 'string' },
  'cert-thumbprint': { type: 'string' },
  'insecure-skip-verify': { type: 'boolean' },
  codepage: { type: 'string' },
  cwd: { type: 'string' },
  env: { type: 'string', multiple: true },
} as const;

function addHost(store: ProfileStore, dir: string, args: readonly string[]): HostProfile {
  const { values } = parseFlags(args, ADD_FLAGS, 0);
  if (!values.name) throw invalid('--name is required');
  if (!values.address) throw invalid('--address is required');
  const codepage = integer('codepage', values.codepage, 1, 65535);
  const env = environment(values.env);
  const shell = { ...(codepage === undefined ? {} : { codepage }), ...(values.cwd ? { workingDirectory: values.cwd } : {}), ...(env ? { environment: env } : {}) };
  // Credentials are linked by label; the vault's public list is readable without the master password.
  const credentialId = values.credential ? MasterPasswordVault.open(dir).vault.identity(values.credential).id : undefined;
  const input = {
    name: values.name,
    address: values.address,
    port: integer('port', values.port, 1, 65535),
    transport: oneOf('transport', values.transport, TRANSPORTS),
    auth: oneOf('auth', values.auth, HOST_AUTH_SCHEMES),
    allowNtlmFallback: values['ntlm-fallback'],
    credentialId,
    proxyProfileId: values.proxy ? store.findProxyProfile(values.proxy).id : undefined,
    spnHost: values['spn-host'],
    tls: tlsFlags(values),
    shell: Object.keys(shell).length ? shell : undefined,
    tags: values.tag ?? [],
    notes: values.notes ?? '',
  };
  const host = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as NewHostProfile;
  // Checked before the folder is created, so a typo does not leave an empty folder behind.
  const checked = hostProfileSchema.safeParse({ ...host, id: 'h_preflight' });
  if (!checked.success) throw invalid(describeIssues(checked.error));
  if (store.document().hosts.some((h) => h.name.toLowerCase() === checked.data.name.toLowerCase())) throw new DeskError('CONFLICT', `A host named "${checked.data.name}" already exists.`);
  return store.addHost(values.folder ? { ...host, folderId: store.ensureFolder(values.folder).id } : host);
}

const PROXY_FLAGS = {
  name: { type: 'string' },
  access: { type: 'string' },
  url: { type: 'string' },
  bypass: { type: 'string' },
  auth: { type: 'string' },
  credential: { type: 'string' },
  'spn-host': { type: 'string' },
  tunnel: { type: 'boolean' },
} as const;

function addProxy(store: ProfileStore, dir: string, args: readonly string[]): ProxyProfile {
  const { values } = parseFlags(args, PROXY_FLAGS, 0);
  if (!values.name) throw invalid('--name is required');
  const input = {
    name: values.name,
    access: oneOf('access', values.access, PROXY_ACCESS_TYPES) ?? (values.url ? 'manual' : 'none'),
    url: values.url,
    bypass: values.bypass ? values.bypass.split(/[;,\s]+/).filter(Boolean) : [],
    auth: oneOf('auth', values.auth, PROXY_AUTH_SCHEMES) ?? 'none',
    credentialId: values.credential ? MasterPasswordVault.open(dir).vault.identity(values.credential).id : undefined,
    spnHost: values['spn-host'],
    tunnelForHttp: values.tunnel ?? false,
  };
  const profile = Object.fromEntries(Object.entries(input).filter(([, v]) => v !== undefined)) as NewProxyProfile;
  const checked = proxyProfileSchema.safeParse({ ...profile, id: 'p_preflight' });
  if (!checked.success) throw invalid(describeIssues(checked.error));
  return store.addProxyProfile(profile);
}

function describeHost(store: ProfileStore, host: HostProfile) {
  const { settings, sources } = store.resolve(host);
  const from = Object.fromEntries(Object.entries(sources).map(([k, s]) => [k, s.kind === 'folder' ? `folder ${folderPath(s.folderId, store.document().folders)}` : s.kind]));
  return { name: host.name, address: host.address, folder: folderPath(host.folderId, store.document().folders), tags: host.tags, notes: host.notes, spnHost: host.spnHost ?? null, settings, from };
}

// Names, addresses and folders may come from an imported file: each cell is made one inert line.
function columns(table: readonly string[][]): string {
  const rows = table.map((r) => r.map(printableLine));
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => r[i]!.length)));
  return rows.map((r) => `${r.map((cell, i) => (i === r.length - 1 ? cell : cell.padEnd(widths[i]!))).join('  ')}\n`).join('');
}

/** `winrm-desk profiles list|show|add|remove|import|export`. Returns the exit code; never throws. */
export async function runProfilesCli(argv: readonly string[], io: CliIo): Promise<number> {
  const [verb, ...args] = argv;
  let opened: ProfileStore | null = null;
  try {
    const { values: common } = parseArgs({ args: [...args], options: { store: { type: 'string' } }, strict: false, allowPositionals: true });
    const dir = storeDirectory(common.store, io.env);
    const { store, report } = ProfileStore.open(dir);
    opened = store;
    reportLoad(io, report);
    switch (verb) {
      case 'list': {
        const { values } = parseFlags(args, { json: { type: 'boolean' }, folder: { type: 'string' }, tag: { type: 'string' } }, 0);
        // One folder index for the whole list: a lookup per host stays constant-time at 20 000 hosts.
        const folders = indexFolders(store.document().folders);
        const hosts = store.document().hosts.filter((h) => (!values.tag || h.tags.includes(values.tag)) && (!values.folder || folderPath(h.folderId, folders).toLowerCase().startsWith(values.folder.toLowerCase())));
        if (values.json) io.stdout.write(`${JSON.stringify(hosts.map((h) => describeHost(store, h)))}\n`);
        else {
          const rows = hosts.map((h) => describeHost(store, h)).map((d) => [d.name, d.address, `${d.settings.transport}:${d.settings.port}`, d.settings.auth, d.folder, d.tags.join('|')]);
          io.stdout.write(columns([['NAME', 'ADDRESS', 'ENDPOINT', 'AUTH', 'FOLDER', 'TAGS'], ...rows]));
        }
        return 0;
      }
      case 'show': {
        const { values, positionals } = parseFlags(args, { json: { type: 'boolean' } }, 1);
        if (!positionals[0]) throw invalid('profiles show NAME');
        const described = describeHost(store, store.findHost(positionals[0]));
        if (values.json) io.stdout.write(`${JSON.stringify(described)}\n`);
        else {
          io.stdout.write(`${printableLine(`${described.name} (${described.address})${described.folder ? ` in ${described.folder}` : ''}`)}\n`);
          for (const [key, value] of Object.entries(described.settings)) io.stdout.write(`  ${key.padEnd(16)} ${printableLine(JSON.stringify(value))}  (${printableLine(String(described.from[key]))})\n`);
        }
        return 0;
      }
      case 'add': {
        const host = addHost(store, dir, args);
        io.stdout.write(`added ${host.name} (${host.id})\n`);
        return 0;
      }
      case 'add-proxy': {
        const proxy = addProxy(store, dir, args);
        io.stdout.write(`added proxy profile ${proxy.name} (${proxy.id})\n`);
        return 0;
      }
      case 'remove-proxy': {
        const { positionals } = parseFlags(args, {}, 1);
        if (!positionals[0]) throw invalid('profiles remove-proxy NAME');
        store.removeProxyProfile(positionals[0]);
        io.stdout.write(`removed proxy profile ${positionals[0]}\n`);
        return 0;
      }
      case 'remove': {
        const { positionals } = parseFlags(args, {}, 1);
        if (!positionals[0]) throw invalid('profiles remove NAME');
        io.stdout.write(`removed ${store.removeHost(positionals[0]).name}\n`);
        return 0;
      }
      case 'import': {
        const { positionals } = parseFlags(args, {}, 1);
        if (!positionals[0]) throw invalid('profiles import FILE (CSV or JSON; - for stdin)');
        let text: string;
        try {
          text = readFileSync(positionals[0] === '-' ? 0 : positionals[0], 'utf8');
        } catch (error) {
          throw invalid(`${positionals[0]} cannot be read (${(error as NodeJS.ErrnoException).code ?? 'error'})`);
        }
        const result = store.importHosts(text);
        for (const warning of result.warnings) printNotice(io.stderr, 'warning', warning);
        // A rejected row's reason may quote the file.
        for (const problem of result.problems) io.stderr.write(`winrm-desk: ${printableLine(`${problem.where}: ${problem.reason}`)}\n`);
        io.stdout.write(`imported ${result.added.length} host(s) from ${result.format}, ${result.createdFolders} new folder(s), ${result.problems.length} rejected\n`);
        return result.problems.length ? PARTIAL_IMPORT_EXIT : 0;
      }
      case 'export': {
        const { values } = parseFlags(args, { format: { type: 'string' }, output: { type: 'string' } }, 0);
        const text = store.exportHosts(oneOf('format', values.format, ['csv', 'json'] as const) ?? 'csv');
        if (values.output) writeFileSync(values.output, text, { mode: 0o600 });
        else io.stdout.write(text);
        return 0;
      }
      default:
        throw invalid(`unknown profiles command "${String(verb).slice(0, 32)}"; expected list, show, add, remove, add-proxy, remove-proxy, import or export`);
    }
  } catch (error) {
    return failure(io, error);
  } finally {
    // Files found damaged while writing were set aside; that is as important as damage found on open.
    if (opened) reportProblems(io, opened.takeProblems());
  }
}
