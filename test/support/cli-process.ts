import { spawn, type ChildProcess } from 'node:child_process';

export interface CliResult {
  readonly code: number | null;
  readonly stdout: Buffer;
  readonly stderr: string;
}

export interface CliRun {
  readonly child: ChildProcess;
  readonly done: Promise<CliResult>;
}

/** Runs the CLI as users do (`node electron/cli.ts …`) on the Node the tests run on. */
export function startCli(args: readonly string[], options: { env?: Record<string, string>; stdin?: string | Buffer } = {}): CliRun {
  const child = spawn(process.execPath, ['electron/cli.ts', ...args], {
    env: { PATH: process.env['PATH'] ?? '', ...options.env },
    stdio: ['pipe', 'pipe', 'pipe'],
  });
  const out: Buffer[] = [];
  let stderr = '';
  child.stdout!.on('data', (chunk: Buffer) => out.push(chunk));
  child.stderr!.setEncoding('utf8').on('data', (chunk: string) => (stderr += chunk));
  if (options.stdin !== undefined) child.stdin!.end(options.stdin);
  else child.stdin!.end();
  const done = new Promise<CliResult>((resolve) => child.once('close', (code) => resolve({ code, stdout: Buffer.concat(out), stderr })));
  return { child, done };
}

export function runCliProcess(args: readonly string[], options: { env?: Record<string, string>; stdin?: string | Buffer } = {}): Promise<CliResult> {
  return startCli(args, options).done;
}
