import { randomUUID } from 'node:crypto';
import { toXsDuration } from './duration.ts';
import { ANONYMOUS, NS } from './namespaces.ts';
import { escapeXml } from './xml.ts';

export interface EnvelopeOptions {
  /** The endpoint URL (`http(s)://host:port/wsman`), sent as wsa:To. */
  readonly to: string;
  readonly action: string;
  readonly resourceUri: string;
  readonly maxEnvelopeSize: number;
  readonly operationTimeoutSec: number;
  readonly locale: string;
  readonly dataLocale: string;
  readonly selectors?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
  /** Pre-built, already escaped body XML. */
  readonly body: string;
  readonly messageId?: string;
}

export interface Envelope {
  readonly xml: string;
  readonly messageId: string;
}

/**
 * One SOAP 1.2 envelope with the WS-Addressing and WS-Management headers Windows expects. MaxEnvelopeSize
 * and OperationTimeout bound each exchange; Locale is advisory (mustUnderstand false) as Windows clients send it.
 */
export function buildEnvelope(o: EnvelopeOptions): Envelope {
  const messageId = o.messageId ?? `uuid:${randomUUID().toUpperCase()}`;
  const selectors = o.selectors
    ? `<w:SelectorSet>${Object.entries(o.selectors)
        .map(([name, value]) => `<w:Selector Name="${escapeXml(name)}">${escapeXml(value)}</w:Selector>`)
        .join('')}</w:SelectorSet>`
    : '';
  const options = o.options
    ? `<w:OptionSet>${Object.entries(o.options)
        .map(([name, value]) => `<w:Option Name="${escapeXml(name)}">${escapeXml(value)}</w:Option>`)
        .join('')}</w:OptionSet>`
    : '';
  const xml =
    `<?xml version="1.0" encoding="utf-8"?>` +
    `<s:Envelope xmlns:s="${NS.soap}" xmlns:a="${NS.addressing}" xmlns:w="${NS.wsman}" xmlns:p="${NS.msWsman}" xmlns:rsp="${NS.shell}">` +
    `<s:Header>` +
    `<a:To>${escapeXml(o.to)}</a:To>` +
    `<a:ReplyTo><a:Address s:mustUnderstand="true">${ANONYMOUS}</a:Address></a:ReplyTo>` +
    `<a:Action s:mustUnderstand="true">${escapeXml(o.action)}</a:Action>` +
    `<w:MaxEnvelopeSize s:mustUnderstand="true">${o.maxEnvelopeSize}</w:MaxEnvelopeSize>` +
    `<a:MessageID>${messageId}</a:MessageID>` +
    `<w:Locale xml:lang="${escapeXml(o.locale)}" s:mustUnderstand="false"/>` +
    `<p:DataLocale xml:lang="${escapeXml(o.dataLocale)}" s:mustUnderstand="false"/>` +
    `<w:OperationTimeout>${toXsDuration(o.operationTimeoutSec)}</w:OperationTimeout>` +
    `<w:ResourceURI s:mustUnderstand="true">${escapeXml(o.resourceUri)}</w:ResourceURI>` +
    selectors +
    options +
    `</s:Header>` +
    `<s:Body>${o.body}</s:Body>` +
    `</s:Envelope>`;
  return { xml, messageId };
}
