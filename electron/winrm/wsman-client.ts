import { buildEnvelope } from './envelope.ts';
import { readResponse } from './response.ts';
import type { XmlElement } from './xml-node.ts';

export interface WsmanSettings {
  readonly endpoint: string;
  readonly resourceUri: string;
  readonly maxEnvelopeSize: number;
  readonly operationTimeoutSec: number;
  readonly locale: string;
  readonly dataLocale: string;
}

/** Sends one SOAP message and returns the reply's bytes (UTF-8 SOAP); the auth layer sits behind it. */
export type SoapExchange = (soap: string, headersTimeoutMs: number) => Promise<Buffer>;

export interface WsmanCall {
  readonly action: string;
  readonly body: string;
  readonly selectors?: Readonly<Record<string, string>>;
  readonly options?: Readonly<Record<string, string>>;
}

// A reply may take the whole OperationTimeout; headers are allowed that long plus this margin.
const HEADERS_MARGIN_MS = 30_000;

/** WS-Management request/response: envelope out, RelatesTo-checked Body (or a typed fault) back. */
export async function invokeWsman(settings: WsmanSettings, exchange: SoapExchange, call: WsmanCall): Promise<XmlElement> {
  const envelope = buildEnvelope({
    to: settings.endpoint,
    action: call.action,
    resourceUri: settings.resourceUri,
    maxEnvelopeSize: settings.maxEnvelopeSize,
    operationTimeoutSec: settings.operationTimeoutSec,
    locale: settings.locale,
    dataLocale: settings.dataLocale,
    body: call.body,
    ...(call.selectors ? { selectors: call.selectors } : {}),
    ...(call.options ? { options: call.options } : {}),
  });
  const reply = await exchange(envelope.xml, settings.operationTimeoutSec * 1000 + HEADERS_MARGIN_MS);
  return readResponse(reply, envelope.messageId);
}
