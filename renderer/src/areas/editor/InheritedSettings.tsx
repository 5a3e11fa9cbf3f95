import type { CredentialSummary } from '../../../../shared/domain/credential.ts';
import type { SettingName } from '../../../../shared/domain/host-inheritance.ts';
import { HOST_AUTH_SCHEMES, type HostDefaults } from '../../../../shared/domain/host-profile.ts';
import type { ProfileDocument } from '../../../../shared/domain/profile-document.ts';
import { inheritedSetting, type EditLevel, type InheritedSetting } from '../../editor/inherited.ts';
import { ownSetting, sameValues, withSetting, type OwnValue } from '../../editor/settings-fields.ts';
import { EnvironmentRow } from './EnvironmentRow.tsx';
import { SettingRow } from './SettingRow.tsx';
import { TlsRow } from './TlsRow.tsx';

const AUTH_TEXT = { negotiate: 'Negotiate (Kerberos, else NTLM)', kerberos: 'Kerberos', ntlm: 'NTLM', basic: 'Basic' } as const;

export interface SettingsProps {
  readonly level: EditLevel;
  readonly onChange: (values: HostDefaults) => void;
  readonly document: ProfileDocument;
  readonly credentials: readonly CredentialSummary[];
  /** Field problems by path, and where this level's values sit in the entity ("" for a host, "defaults." otherwise). */
  readonly issues: ReadonlyMap<string, string>;
  readonly issuePrefix: string;
}

export interface FieldContext<K extends SettingName> {
  readonly own: OwnValue<K> | undefined;
  readonly inherited: InheritedSetting;
  readonly set: (value: OwnValue<K> | undefined) => void;
  readonly issue: (path?: string) => string | undefined;
}

/** Every setting a host may inherit, for one level: the value set here, or the one inherited and from where. */
export function InheritedSettings(props: SettingsProps) {
  const { level, onChange, document, credentials, issues, issuePrefix } = props;
  function field<K extends SettingName>(name: K, issuePath: string = name): FieldContext<K> {
    return {
      own: ownSetting(level.values, name),
      inherited: inheritedSetting(level, name, document, { credentials }),
      set: (value) => onChange(withSetting(level.values, name, value)),
      issue: (path = issuePath) => issues.get(`${issuePrefix}${path}`),
    };
  }
  const hostCredentials = credentials.filter((c) => c.kind === 'host');
  return (
    <fieldset className="settings-group">
      <legend>Connection</legend>
      <Choice label="Transport" field={field('transport')} choices={[['https', 'HTTPS'], ['http', 'HTTP']]} />
      <NumberRow label="Port" field={field('port')} />
      <Choice label="Authentication" field={field('auth')} choices={HOST_AUTH_SCHEMES.map((a) => [a, AUTH_TEXT[a]])} />
      <Choice label="NTLM fallback" field={field('allowNtlmFallback')} choices={[[true, 'allowed (Negotiate may use NTLM)'], [false, 'not allowed']]} />
      <Choice label="Message encryption" field={field('encryption')} choices={[['auto', 'auto (over HTTP)'], ['always', 'always'], ['never', 'never (server allows unencrypted)']]} />
      <Choice label="Credential" field={field('credentialId')} choices={[[null, 'none'], ...hostCredentials.map((c): [string, string] => [c.id, `${c.label} (${c.userName})`])]} />
      <Choice label="Proxy profile" field={field('proxyProfileId')} choices={[[null, 'none (direct)'], ...document.proxyProfiles.map((p): [string, string] => [p.id, p.name])]} />
      <TlsRow field={field('tls')} />
      <NumberRow label="Codepage" field={field('codepage', 'shell.codepage')} />
      <TextRow label="Working directory" field={field('workingDirectory', 'shell.workingDirectory')} />
      <EnvironmentRow field={field('environment', 'shell.environment')} />
    </fieldset>
  );
}

/** A choice among fixed values; the first option inherits and names what it would inherit. */
function Choice<K extends SettingName>({ label, field, choices }: { label: string; field: FieldContext<K>; choices: ReadonlyArray<readonly [OwnValue<K>, string]> }) {
  const { own, inherited, set } = field;
  let index = own === undefined ? -1 : choices.findIndex(([value]) => sameValues(value, own));
  const known = own === undefined || index >= 0;
  if (!known) index = choices.length;
  return (
    <SettingRow label={label} own={own !== undefined} inherited={inherited} issue={field.issue()}>
      {({ id, describedBy }) => (
        <select id={id} aria-describedby={describedBy} value={index < 0 ? '' : String(index)} onChange={(e) => set(e.target.value === '' ? undefined : choices[Number(e.target.value)]?.[0])}>
          <option value="">Inherit: {inherited.text}</option>
          {choices.map(([, text], i) => (
            <option key={text} value={String(i)}>
              {text}
            </option>
          ))}
          {!known && <option value={String(choices.length)}>one that no longer exists</option>}
        </select>
      )}
    </SettingRow>
  );
}

function NumberRow({ label, field }: { label: string; field: FieldContext<'port'> | FieldContext<'codepage'> }) {
  const { own, inherited, set } = field as FieldContext<'port'>;
  return (
    <SettingRow label={label} own={own !== undefined} inherited={inherited} issue={field.issue()} onClear={() => set(undefined)}>
      {({ id, describedBy }) => (
        <input
          id={id}
          aria-describedby={describedBy}
          type="number"
          inputMode="numeric"
          placeholder={inherited.text}
          value={own ?? ''}
          onChange={(e) => set(e.target.value === '' ? undefined : Number(e.target.value))}
        />
      )}
    </SettingRow>
  );
}

function TextRow({ label, field }: { label: string; field: FieldContext<'workingDirectory'> }) {
  const { own, inherited, set } = field;
  return (
    <SettingRow label={label} own={own !== undefined} inherited={inherited} issue={field.issue()} onClear={() => set(undefined)}>
      {({ id, describedBy }) => <input id={id} aria-describedby={describedBy} placeholder={inherited.text} value={own ?? ''} onChange={(e) => set(e.target.value === '' ? undefined : e.target.value)} />}
    </SettingRow>
  );
}
