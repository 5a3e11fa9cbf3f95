import type { EffectiveHostSettings, SettingName } from '../../../shared/domain/host-inheritance.ts';
import type { HostDefaults, ShellDefaults } from '../../../shared/domain/host-profile.ts';

/**
 * A level's own value of each inheritable setting, as the store keeps it: most sit on the level
 * itself, the shell's three in its `shell` block. `undefined` is "inherit"; for the two links `null`
 * is an explicit "none".
 */
type ShellName = 'codepage' | 'workingDirectory' | 'environment';
const SHELL: Readonly<Record<ShellName, keyof ShellDefaults>> = { codepage: 'codepage', workingDirectory: 'workingDirectory', environment: 'environment' };
const isShell = (name: SettingName): name is ShellName => name in SHELL;

export type OwnValue<K extends SettingName> = K extends 'workingDirectory' ? string : EffectiveHostSettings[K];

export function ownSetting<K extends SettingName>(values: HostDefaults, name: K): OwnValue<K> | undefined {
  if (isShell(name)) return values.shell?.[SHELL[name]] as OwnValue<K> | undefined;
  return values[name as Exclude<SettingName, ShellName>] as OwnValue<K> | undefined;
}

/** The level with `name` set to `value`, or back to inherit when `value` is undefined. */
export function withSetting<T extends HostDefaults, K extends SettingName>(values: T, name: K, value: OwnValue<K> | undefined): T {
  if (isShell(name)) {
    const shell: Record<string, unknown> = { ...values.shell };
    if (value === undefined) delete shell[SHELL[name]];
    else shell[SHELL[name]] = value;
    const next: T = { ...values, shell };
    if (Object.keys(shell).length === 0) delete next.shell;
    return next;
  }
  const next: Record<string, unknown> = { ...values };
  if (value === undefined) delete next[name];
  else next[name] = value;
  return next as T;
}

export function withoutSetting<T extends HostDefaults>(values: T, name: SettingName): T {
  return withSetting(values, name, undefined);
}

/** Keys in a fixed order, absent and undefined alike: two copies of an entity compare equal when they say the same. */
export function canonical(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) => {
    if (v === null || typeof v !== 'object' || Array.isArray(v)) return v;
    return Object.fromEntries(
      Object.entries(v as Record<string, unknown>)
        .filter(([, item]) => item !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)),
    );
  });
}

export const sameValues = (a: unknown, b: unknown): boolean => canonical(a) === canonical(b);
