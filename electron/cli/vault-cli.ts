import { parseArgs } from 'node:util';
import { CREDENTIAL_KINDS, type CredentialKind } from '../../shared/domain/credential.ts';
import { DeskError } from '../../shared/errors.ts';
import { MasterPasswordVault, type MasterPasswordVaultOptions } from '../store/master-password-vault.ts';
import { ProfileStore } from '../store/profile-store.ts';
import { failure, parseFlags, reportLoad, reportProblems, storeDirectory } from './profiles-cli.ts';
import { invalid, secretFromEnv } from './flags.ts';
import type { CliIo } from './run.ts';

/** Test seam: lower scrypt cost. The command line cannot reach it. */
export type VaultCliOptions = Pick<MasterPasswordVaultOptions, 'scrypt'>;

function credentialUsers(dir: string, id: string): number {
  const doc = ProfileStore.open(dir).store.document();
  return [doc.settings.defaults, ...doc.folders.map((f) => f.defaults), ...doc.hosts, ...doc.proxyProfiles].filter((d) => d.credentialId === id).length;
}

/**
 * `winrm-desk vault init|unlock-check|add|list|remove|change-password`. The command line reaches only
 * the master-password vault (the OS key store belongs to the desktop app). Master passwords and
 * secrets are read from environment variables named by flags, never from argv.
 */
export async function runVaultCli(argv: readonly string[], io: CliIo, options: VaultCliOptions = {}): Promise<number> {
  const [verb, ...args] = argv;
  let opened: MasterPasswordVault | null = null;
  try {
    const { values: common } = parseArgs({ args: [...args], options: { store: { type: 'string' } }, strict: false, allowPositionals: true });
    const dir = storeDirectory(common.store, io.env);
    const open = () => {
      const { vault, report } = MasterPasswordVault.open(dir, options);
      reportLoad(io, report);
      opened = vault;
      return vault;
    };
    switch (verb) {
      case 'init': {
        const { values } = parseFlags(args, { 'master-password-env': { type: 'string' } }, 0);
        const password = secretFromEnv(io.env, 'master-password-env', values['master-password-env']);
        const vault = await MasterPasswordVault.create(dir, password, options);
        vault.lock();
        io.stdout.write(`created a credential vault in ${dir}\n`);
        return 0;
      }
      case 'unlock-check': {
        const { values } = parseFlags(args, { 'master-password-env': { type: 'string' } }, 0);
        const vault = open();
        await vault.unlock(secretFromEnv(io.env, 'master-password-env', values['master-password-env']));
        vault.lock();
        io.stdout.write(`the master password opens the vault (${vault.list().length} credential(s))\n`);
        return 0;
      }
      case 'add': {
        const { values } = parseFlags(
          args,
          { label: { type: 'string' }, user: { type: 'string' }, domain: { type: 'string' }, kind: { type: 'string' }, 'secret-env': { type: 'string' }, 'no-secret': { type: 'boolean' }, 'master-password-env': { type: 'string' } },
          0,
        );
        if (!values.label) throw invalid('--label is required');
        if (!values.user) throw invalid('--user is required');
        const kind = (values.kind ?? 'host').toLowerCase();
        if (!(CREDENTIAL_KINDS as readonly string[]).includes(kind)) throw invalid(`--kind must be one of ${CREDENTIAL_KINDS.join('|')}`);
        if (values['no-secret'] && values['secret-env']) throw invalid('--secret-env and --no-secret contradict each other; choose one.');
        if (!values['no-secret'] && !values['secret-env']) throw invalid('--secret-env VAR is required (or --no-secret for a user name alone, e.g. Kerberos from the ticket cache)');
        const secret = values['no-secret'] ? null : secretFromEnv(io.env, 'secret-env', values['secret-env']);
        const vault = open();
        await vault.unlock(secretFromEnv(io.env, 'master-password-env', values['master-password-env']));
        const added = await vault.add({ label: values.label, userName: values.user, kind: kind as CredentialKind, ...(values.domain ? { domain: values.domain } : {}) }, secret);
        vault.lock();
        io.stdout.write(`added ${added.label} (${added.id})\n`);
        return 0;
      }
      case 'list': {
        const { values } = parseFlags(args, { json: { type: 'boolean' } }, 0);
        const list = open().list();
        if (values.json) io.stdout.write(`${JSON.stringify(list)}\n`);
        else for (const c of list) io.stdout.write(`${c.id}  ${c.kind.padEnd(5)}  ${c.label}  (${c.userName}${c.hasSecret ? '' : ', no secret'})\n`);
        return 0;
      }
      case 'remove': {
        const { values, positionals } = parseFlags(args, { force: { type: 'boolean' } }, 1);
        if (!positionals[0]) throw invalid('vault remove LABEL|ID');
        const vault = open();
        const target = vault.identity(positionals[0]);
        const users = credentialUsers(dir, target.id);
        // A silent removal would turn every host using it into a sign-in failure later.
        if (users && !values.force) throw new DeskError('CONFLICT', `"${target.label}" is used by ${users} host(s), folder(s), proxy profile(s) or the defaults; relink them or add --force.`);
        io.stdout.write(`removed ${vault.remove(target.id).label}\n`);
        return 0;
      }
      case 'change-password': {
        const { values } = parseFlags(args, { 'master-password-env': { type: 'string' }, 'new-master-password-env': { type: 'string' } }, 0);
        const oldPassword = secretFromEnv(io.env, 'master-password-env', values['master-password-env']);
        const newPassword = secretFromEnv(io.env, 'new-master-password-env', values['new-master-password-env']);
        const vault = open();
        await vault.changePassword(oldPassword, newPassword);
        vault.lock();
        io.stdout.write('the master password was changed and every secret re-encrypted\n');
        return 0;
      }
      default:
        throw invalid(`unknown vault command "${String(verb).slice(0, 32)}"; expected init, unlock-check, add, list, remove or change-password`);
    }
  } catch (error) {
    return failure(io, error);
  } finally {
    const vault = opened as MasterPasswordVault | null;
    vault?.lock();
    if (vault) reportProblems(io, vault.takeProblems());
  }
}
