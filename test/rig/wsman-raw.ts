import { randomUUID } from 'node:crypto';
import { readFileSync } from 'node:fs';
import https from 'node:https';
import type { RigInfo } from './rig-info.ts';

const SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell';
const TRANSFER = 'http://schemas.xmlsoap.org/ws/2004/09/transfer';

export interface RawResponse {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly body: string;
}

export interface EnvelopeOptions {
  readonly shellId?: string;
  readonly operationTimeout?: string;
  readonly maxEnvelopeSize?: number;
  readonly messageId?: string;
}

/**
 * Hand-written WinRS envelopes over Basic/HTTPS on one keep-alive connection: lets tests drive the
 * test server's protocol edges (faults, envelope limits, signals) without any client library.
 */
export class RawWsman {
  readonly #rig: RigInfo;
  readonly #agent = new https.Agent({ keepAlive: true, maxSockets: 1 });
  readonly #ca: Buffer;

  constructor(rig: RigInfo) {
    this.#rig = rig;
    this.#ca = readFileSync(rig.ca.certPath);
  }

  close(): void {
    this.#agent.destroy();
  }

  envelope(action: string, body: string, options: EnvelopeOptions = {}): { xml: string; messageId: string } {
    const messageId = options.messageId ?? `uuid:${randomUUID()}`;
    const selector = options.shellId ? `<w:SelectorSet><w:Selector Name="ShellId">${options.shellId}</w:Selector></w:SelectorSet>` : '';
    const xml =
      '<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" ' +
      `xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="${SHELL}"><s:Header>` +
      `<a:To>https://${this.#rig.winrm.spnHost}:${this.#rig.winrm.httpsPort}/wsman</a:To>` +
      `<w:ResourceURI s:mustUnderstand="true">${SHELL}/cmd</w:ResourceURI>` +
      `<a:ReplyTo><a:Address s:mustUnderstand="true">http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:Address></a:ReplyTo>` +
      `<a:Action s:mustUnderstand="true">${action}</a:Action>` +
      `<w:MaxEnvelopeSize s:mustUnderstand="true">${options.maxEnvelopeSize ?? 153600}</w:MaxEnvelopeSize>` +
      `<a:MessageID>${messageId}</a:MessageID>` +
      `<w:OperationTimeout>${options.operationTimeout ?? 'PT20S'}</w:OperationTimeout>${selector}` +
      `</s:Header><s:Body>${body}</s:Body></s:Envelope>`;
    return { xml, messageId };
  }

  post(xml: string): Promise<RawResponse> {
    const { basicUser, basicPassword, httpsPort, host } = this.#rig.winrm;
    return new Promise((resolve, reject) => {
      const request = https.request(
        {
          host,
          port: httpsPort,
          servername: 'winrm.test.local',
          ca: this.#ca,
          agent: this.#agent,
          method: 'POST',
          path: '/wsman',
          headers: {
            authorization: `Basic ${Buffer.from(`${basicUser}:${basicPassword}`).toString('base64')}`,
            'content-type': 'application/soap+xml;charset=UTF-8',
          },
        },
        (response) => {
          let body = '';
          response.setEncoding('utf8');
          response.on('data', (chunk: string) => (body += chunk));
          response.on('end', () => resolve({ status: response.statusCode ?? 0, headers: response.headers, body }));
        },
      );
      request.on('error', reject);
      request.end(xml);
    });
  }

  async createShell(options: { readonly workingDirectory?: string } = {}): Promise<string> {
    const cwd = options.workingDirectory === undefined ? '' : `<rsp:WorkingDirectory>${escapeXml(options.workingDirectory)}</rsp:WorkingDirectory>`;
    const body = `<rsp:Shell>${cwd}<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>`;
    const response = await this.post(this.envelope(`${TRANSFER}/Create`, body).xml);
    return match(response.body, /<w:Selector Name="ShellId">([^<]+)</);
  }

  async command(shellId: string, command: string): Promise<string> {
    const body = `<rsp:CommandLine><rsp:Command>${escapeXml(command)}</rsp:Command></rsp:CommandLine>`;
    const response = await this.post(this.envelope(`${SHELL}/Command`, body, { shellId }).xml);
    return match(response.body, /<rsp:CommandId>([^<]+)</);
  }

  receive(shellId: string, commandId: string, options: EnvelopeOptions = {}): Promise<RawResponse> {
    const body = `<rsp:Receive><rsp:DesiredStream CommandId="${commandId}">stdout stderr</rsp:DesiredStream></rsp:Receive>`;
    return this.post(this.envelope(`${SHELL}/Receive`, body, { shellId, ...options }).xml);
  }

  send(shellId: string, commandId: string, input: string, end: boolean): Promise<RawResponse> {
    const endAttribute = end ? ' End="true"' : '';
    const body = `<rsp:Send><rsp:Stream Name="stdin" CommandId="${commandId}"${endAttribute}>${Buffer.from(input).toString('base64')}</rsp:Stream></rsp:Send>`;
    return this.post(this.envelope(`${SHELL}/Send`, body, { shellId }).xml);
  }

  signal(shellId: string, commandId: string, code: 'ctrl_c' | 'terminate'): Promise<RawResponse> {
    const body = `<rsp:Signal CommandId="${commandId}"><rsp:Code>${SHELL}/signal/${code}</rsp:Code></rsp:Signal>`;
    return this.post(this.envelope(`${SHELL}/Signal`, body, { shellId }).xml);
  }

  deleteShell(shellId: string): Promise<RawResponse> {
    return this.post(this.envelope(`${TRANSFER}/Delete`, '', { shellId }).xml);
  }
}

export function match(text: string, pattern: RegExp): string {
  const found = pattern.exec(text);
  if (!found) throw new Error(`no ${pattern} in ${text.slice(0, 2000)}`);
  return found[1]!;
}

/** A stream's base64 payloads in a ReceiveResponse, decoded and joined. */
export function streamOf(body: string, name: 'stdout' | 'stderr'): Buffer {
  const pattern = new RegExp(`<rsp:Stream Name="${name}"[^>]*>([^<]*)</rsp:Stream>`, 'g');
  return Buffer.concat([...body.matchAll(pattern)].map((m) => Buffer.from(m[1]!, 'base64')));
}

export function stdoutOf(body: string): Buffer {
  return streamOf(body, 'stdout');
}

export function exitCodeOf(body: string): number | undefined {
  const found = /CommandState\/Done"><rsp:ExitCode>(-?\d+)</.exec(body);
  return found ? Number(found[1]) : undefined;
}

function escapeXml(text: string): string {
  return text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
