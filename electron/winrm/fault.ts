import { DeskError } from '../../shared/errors.ts';
import { NS, WSMAN_CODE } from './namespaces.ts';
import { firstChild, pathOf, textOf } from './xml.ts';
import type { XmlElement } from './xml-node.ts';

const MAX_MESSAGE = 400;

/** A SOAP fault from the WinRM service, with the WSManFault code Windows puts in its Detail. */
export class WsmanFaultError extends DeskError {
  readonly wsmanCode: number | null;
  readonly subcode: string | null;
  readonly machine: string | null;

  constructor(wsmanCode: number | null, subcode: string | null, machine: string | null, serverMessage: string) {
    const code = wsmanCode === WSMAN_CODE.shellNotFound ? 'SHELL_NOT_FOUND' : 'WSMAN_FAULT';
    const label = wsmanCode !== null ? `WSManFault ${wsmanCode}` : `SOAP fault${subcode ? ` ${subcode}` : ''}`;
    super(code, `${label}: ${serverMessage || 'the server gave no message'}`);
    this.name = 'WsmanFaultError';
    this.wsmanCode = wsmanCode;
    this.subcode = subcode;
    this.machine = machine;
  }

  get isOperationTimeout(): boolean {
    return this.wsmanCode === WSMAN_CODE.operationTimeout || (this.wsmanCode === null && this.subcode?.endsWith(':TimedOut') === true);
  }
}

/** Decodes `<s:Fault>`: WSManFault Code/Machine/Message when present, else the SOAP Subcode and Reason. */
export function decodeFault(fault: XmlElement): WsmanFaultError {
  const wsmanFault = pathOf(fault, [NS.soap, 'Detail'], [NS.wsmanFault, 'WSManFault']);
  const rawCode = wsmanFault?.getAttribute('Code');
  const wsmanCode = rawCode && /^\d{1,10}$/.test(rawCode) ? Number(rawCode) : null;
  const subcode = textOf(pathOf(fault, [NS.soap, 'Code'], [NS.soap, 'Subcode'], [NS.soap, 'Value']))?.trim() ?? null;
  const detailMessage = wsmanFault ? textOf(firstChild(wsmanFault, NS.wsmanFault, 'Message')) : undefined;
  const reason = textOf(pathOf(fault, [NS.soap, 'Reason'], [NS.soap, 'Text']));
  const message = tidy(detailMessage ?? reason ?? '');
  return new WsmanFaultError(wsmanCode, subcode || null, wsmanFault?.getAttribute('Machine') || null, message);
}

function tidy(text: string): string {
  const collapsed = text.replace(/\s+/g, ' ').trim();
  return collapsed.length > MAX_MESSAGE ? `${collapsed.slice(0, MAX_MESSAGE)}…` : collapsed;
}
