import { execFile } from 'node:child_process';
import http from 'node:http';
import { promisify } from 'node:util';

export interface ProbeResponse {
  readonly status: number;
  readonly headers: http.IncomingHttpHeaders;
  /** Every raw header line, in order: repeated WWW-Authenticate lines stay separate. */
  readonly rawHeaders: readonly string[];
  readonly body: string;
}

/** One plain-HTTP request on a fresh connection (no keep-alive, no proxy unless `proxyPort` is set). */
export function probe(
  url: string,
  options: { method?: string; headers?: Record<string, string>; body?: string; proxyPort?: number } = {},
): Promise<ProbeResponse> {
  const target = new URL(url);
  const viaProxy = options.proxyPort !== undefined;
  return new Promise((resolve, reject) => {
    const request = http.request(
      {
        host: '127.0.0.1',
        port: viaProxy ? options.proxyPort : Number(target.port),
        // Through a forward proxy the request line carries the absolute URL.
        path: viaProxy ? target.href : target.pathname + target.search,
        method: options.method ?? 'GET',
        headers: { host: target.host, ...options.headers },
        agent: false,
      },
      (response) => {
        let body = '';
        response.setEncoding('utf8');
        response.on('data', (chunk: string) => (body += chunk));
        response.on('end', () =>
          resolve({ status: response.statusCode ?? 0, headers: response.headers, rawHeaders: response.rawHeaders, body }),
        );
      },
    );
    request.on('error', reject);
    request.end(options.body);
  });
}

/** The values of every `name` header line, in order. */
export function headerLines(response: ProbeResponse, name: string): string[] {
  const values: string[] = [];
  for (let i = 0; i < response.rawHeaders.length; i += 2) {
    if (response.rawHeaders[i]!.toLowerCase() === name.toLowerCase()) values.push(response.rawHeaders[i + 1]!);
  }
  return values;
}

/** curl's status code for a GET through a proxy with SPNEGO proxy auth from the given ticket cache. */
export async function curlNegotiateProxyStatus(url: string, proxy: string, krb5Conf: string, ccache: string): Promise<number> {
  const { stdout } = await promisify(execFile)(
    'curl',
    ['-s', '-o', '/dev/null', '-w', '%{http_code}', '--proxy-negotiate', '-U', ':', '-x', proxy, url],
    { env: { ...process.env, KRB5_CONFIG: krb5Conf, KRB5CCNAME: ccache, NO_PROXY: '', no_proxy: '' } },
  );
  return Number(stdout);
}
