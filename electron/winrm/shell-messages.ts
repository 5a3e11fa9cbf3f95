import { DeskError } from '../../shared/errors.ts';
import { decodeBase64Texts } from './base64-text.ts';
import { toXsDuration } from './duration.ts';
import { COMMAND_STATE_DONE, NS } from './namespaces.ts';
import { childElements, escapeXml, firstChild, pathOf, takeTextBytes, textOf } from './xml.ts';
import type { XmlElement } from './xml-node.ts';

export interface ShellSpec {
  readonly workingDirectory?: string;
  readonly environment?: Readonly<Record<string, string>>;
  readonly idleTimeoutSec?: number;
  readonly noProfile?: boolean;
  readonly codepage?: number;
}

export function createShellBody(spec: ShellSpec): string {
  const env = spec.environment && Object.keys(spec.environment).length > 0
    ? `<rsp:Environment>${Object.entries(spec.environment)
        .map(([name, value]) => `<rsp:Variable Name="${escapeXml(name)}">${escapeXml(value)}</rsp:Variable>`)
        .join('')}</rsp:Environment>`
    : '';
  return (
    `<rsp:Shell>` +
    (spec.workingDirectory ? `<rsp:WorkingDirectory>${escapeXml(spec.workingDirectory)}</rsp:WorkingDirectory>` : '') +
    env +
    (spec.idleTimeoutSec !== undefined ? `<rsp:IdleTimeOut>${toXsDuration(spec.idleTimeoutSec)}</rsp:IdleTimeOut>` : '') +
    `<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams>` +
    `</rsp:Shell>`
  );
}

export function createShellOptions(spec: ShellSpec): Record<string, string> {
  return { WINRS_NOPROFILE: spec.noProfile ? 'TRUE' : 'FALSE', WINRS_CODEPAGE: String(spec.codepage ?? 65001) };
}

/** Windows answers Create with the ShellId in the body's Shell element (2012+) or in ResourceCreated's selectors. */
export function readShellId(body: XmlElement): string {
  const fromShell = textOf(pathOf(body, [NS.shell, 'Shell'], [NS.shell, 'ShellId']))?.trim();
  if (fromShell) return fromShell;
  const selectorSet = pathOf(body, [NS.transfer, 'ResourceCreated'], [NS.addressing, 'ReferenceParameters'], [NS.wsman, 'SelectorSet']);
  const selector = selectorSet && childElements(selectorSet, NS.wsman, 'Selector').find((s) => s.getAttribute('Name') === 'ShellId');
  const id = textOf(selector)?.trim();
  if (!id) throw new DeskError('MALFORMED_RESPONSE', 'The Create response names no ShellId.');
  return id;
}

export function commandBody(command: string, args: readonly string[]): string {
  return (
    `<rsp:CommandLine><rsp:Command>${escapeXml(command)}</rsp:Command>` +
    args.map((arg) => `<rsp:Arguments>${escapeXml(arg)}</rsp:Arguments>`).join('') +
    `</rsp:CommandLine>`
  );
}

export function readCommandId(body: XmlElement): string {
  const id = textOf(pathOf(body, [NS.shell, 'CommandResponse'], [NS.shell, 'CommandId']))?.trim();
  if (!id) throw new DeskError('MALFORMED_RESPONSE', 'The Command response names no CommandId.');
  return id;
}

export function sendBody(commandId: string, data: Uint8Array, end: boolean): string {
  return (
    `<rsp:Send><rsp:Stream Name="stdin" CommandId="${escapeXml(commandId)}"${end ? ' End="true"' : ''}>` +
    Buffer.from(data).toString('base64') +
    `</rsp:Stream></rsp:Send>`
  );
}

export function receiveBody(commandId: string): string {
  return `<rsp:Receive><rsp:DesiredStream CommandId="${escapeXml(commandId)}">stdout stderr</rsp:DesiredStream></rsp:Receive>`;
}

export function signalBody(commandId: string, code: string): string {
  return `<rsp:Signal CommandId="${escapeXml(commandId)}"><rsp:Code>${escapeXml(code)}</rsp:Code></rsp:Signal>`;
}

export interface ReceivedChunk {
  readonly stream: 'stdout' | 'stderr';
  readonly data: Buffer;
}

export interface ReceiveResult {
  readonly chunks: ReceivedChunk[];
  readonly done: boolean;
  readonly exitCode: number | null;
}

/**
 * The output and state in a Receive response's Body. The streams' base64 is decoded where the plain
 * reader left it in the reply's bytes, so their text is consumed: a body is read once.
 */
export function readReceive(body: XmlElement, commandId: string): ReceiveResult {
  const response = firstChild(body, NS.shell, 'ReceiveResponse');
  if (!response) throw new DeskError('MALFORMED_RESPONSE', 'The Receive response has no ReceiveResponse element.');
  const names: Array<ReceivedChunk['stream']> = [];
  const texts: Array<string | Buffer> = [];
  for (const stream of childElements(response, NS.shell, 'Stream')) {
    const name = stream.getAttribute('Name');
    const owner = stream.getAttribute('CommandId');
    if (owner && owner.toLowerCase() !== commandId.toLowerCase()) continue;
    if (name !== 'stdout' && name !== 'stderr') continue;
    names.push(name);
    texts.push(takeTextBytes(stream) ?? textOf(stream) ?? '');
  }
  const chunks: ReceivedChunk[] = [];
  decodeBase64Texts(texts).forEach((data, i) => {
    if (!data) throw new DeskError('MALFORMED_RESPONSE', `The ${names[i]} stream is not valid base64.`);
    if (data.length > 0) chunks.push({ stream: names[i]!, data });
  });
  const state = firstChild(response, NS.shell, 'CommandState');
  const done = state?.getAttribute('State') === COMMAND_STATE_DONE;
  let exitCode: number | null = null;
  if (done) {
    const raw = textOf(firstChild(state!, NS.shell, 'ExitCode'))?.trim();
    // Windows reports exit codes as unsigned 32-bit values (0xC000013A for Ctrl-C); keep them as sent.
    exitCode = raw !== undefined && /^-?\d{1,10}$/.test(raw) ? Number(raw) : null;
  }
  return { chunks, done, exitCode };
}
