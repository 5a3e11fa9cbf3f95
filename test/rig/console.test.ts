import { mkdtemp, readdir, readFile, readlink } from 'node:fs/promises';
import path from 'node:path';
import { afterAll, beforeEach, describe, expect, inject, it } from 'vitest';
import { WinrmControl } from './winrm-control.ts';
import { RawWsman, exitCodeOf, streamOf } from './wsman-raw.ts';

// The test server's interactive console for a bare `cmd` (winrm_server/console.py), driven over
// raw WS-Man: banner, `<cwd>>` prompts, builtins, ctrl_c to the running program only.
const rig = inject('rig');
const control = new WinrmControl(rig);
const raw = new RawWsman(rig);
const BANNER = 'Microsoft Windows [Version 10.0.20348]\r\n(c) WinRM Desk test server\r\n\r\n';

beforeEach(() => control.reset());
afterAll(() => raw.close());

/** One console (`cmd`) in its own shell, with every byte it has written so far. */
class ConsoleSession {
  stdout = Buffer.alloc(0);
  stderr = Buffer.alloc(0);
  exitCode: number | undefined;

  readonly client: RawWsman;
  readonly shellId: string;
  readonly commandId: string;
  readonly cwd: string;

  private constructor(client: RawWsman, shellId: string, commandId: string, cwd: string) {
    this.client = client;
    this.shellId = shellId;
    this.commandId = commandId;
    this.cwd = cwd;
  }

  static async open(client = raw): Promise<ConsoleSession> {
    const cwd = await mkdtemp(path.join(rig.dir, 'console-'));
    const shellId = await client.createShell({ workingDirectory: cwd });
    const commandId = await client.command(shellId, 'cmd');
    return new ConsoleSession(client, shellId, commandId, cwd);
  }

  prompt(cwd = this.cwd): string {
    return `${cwd}>`;
  }

  get text(): string {
    return this.stdout.toString('latin1');
  }

  async send(input: string, end = false): Promise<void> {
    const response = await this.client.send(this.shellId, this.commandId, input, end);
    expect(response.status).toBe(200);
  }

  /** One Receive (short long-poll); false when it timed out without output. */
  async receiveOnce(operationTimeout = 'PT1S'): Promise<boolean> {
    const response = await this.client.receive(this.shellId, this.commandId, { operationTimeout });
    if (response.status === 500 && response.body.includes('Code="2150858793"')) return false;
    expect(response.status, response.body).toBe(200);
    this.stdout = Buffer.concat([this.stdout, streamOf(response.body, 'stdout')]);
    this.stderr = Buffer.concat([this.stderr, streamOf(response.body, 'stderr')]);
    this.exitCode ??= exitCodeOf(response.body);
    return true;
  }

  /** Receives until stdout satisfies `done` (or the console ends); fails after timeoutMs. */
  async until(done: (stdout: string) => boolean, timeoutMs = 10_000): Promise<string> {
    const deadline = Date.now() + timeoutMs;
    while (!done(this.text)) {
      if (this.exitCode !== undefined) throw new Error(`console ended (${this.exitCode}) before: ${JSON.stringify(this.text)}`);
      if (Date.now() > deadline) throw new Error(`timed out waiting; stdout so far: ${JSON.stringify(this.text)}`);
      await this.receiveOnce();
    }
    return this.text;
  }

  /** Receives until the console reports Done; returns its exit code. */
  async done(timeoutMs = 10_000): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    while (this.exitCode === undefined) {
      if (Date.now() > deadline) throw new Error(`console still running; stdout: ${JSON.stringify(this.text)}`);
      await this.receiveOnce();
    }
    return this.exitCode;
  }

  /** Sends one line and waits for the prompt that follows its command; returns what came in between. */
  async run(line: string, { prompt = this.prompt(), newline = '\r\n' } = {}): Promise<string> {
    const before = this.stdout.length;
    await this.send(`${line}${newline}`);
    await this.until((out) => out.slice(before).endsWith(`\r\n${prompt}`));
    return this.stdout.subarray(before).toString('latin1');
  }

  async close(): Promise<void> {
    await this.client.deleteShell(this.shellId);
  }
}

/** PIDs of live processes whose argv is exactly `argv` and whose working directory is `cwd`. */
async function processesIn(cwd: string, argv: readonly string[]): Promise<number[]> {
  const found: number[] = [];
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const cmdline = (await readFile(`/proc/${entry}/cmdline`, 'latin1')).split('\0').slice(0, -1);
      const stat = await readFile(`/proc/${entry}/stat`, 'latin1');
      if (stat.slice(stat.lastIndexOf(')') + 2).startsWith('Z')) continue;
      if (cmdline.join('\0') === argv.join('\0') && (await readlink(`/proc/${entry}/cwd`)) === cwd) found.push(Number(entry));
    } catch {
      // gone meanwhile, or not ours to read
    }
  }
  return found;
}

async function eventually<T>(probe: () => Promise<T>, ok: (value: T) => boolean, timeoutMs = 5_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

describe('test WinRM server: the cmd console', () => {
  it('starts with the banner and the prompt <cwd>>, CRLF line ends, no newline after the prompt', async () => {
    const con = await ConsoleSession.open();
    expect(await con.until((out) => out.endsWith('>'))).toBe(`${BANNER}${con.prompt()}`);
    expect(con.exitCode).toBeUndefined();
    await con.close();
  });

  it('runs `echo hello`: its output, then CRLF and a new prompt; an empty line gives just a new prompt', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    expect(await con.run('echo hello')).toBe(`hello\n\r\n${con.prompt()}`);
    expect(await con.run('')).toBe(`\r\n${con.prompt()}`);
    expect(await con.run('echo lf-ended', { newline: '\n' })).toBe(`lf-ended\n\r\n${con.prompt()}`);
    expect((await control.counters()).commandsStarted).toBe(1);
    await con.close();
  });

  it('passes program output through byte for byte, stderr on stderr', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    const before = con.stdout.length;
    await con.run(`printf 'a\\nb\\r\\n\\001\\377'; printf 'oops\\n' >&2`);
    expect(con.stdout.subarray(before)).toEqual(Buffer.concat([Buffer.from('a\nb\r\n\x01\xff', 'latin1'), Buffer.from(`\r\n${con.prompt()}`)]));
    while (con.stderr.length < 5) await con.receiveOnce();
    expect(con.stderr.toString()).toBe('oops\n');
    await con.close();
  });

  it('ctrl_c interrupts `sleep 30` only: the prompt is back within seconds, and the same console runs on', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    await con.send('sleep 30\r\n');
    const [sleeper] = await eventually(() => processesIn(con.cwd, ['sleep', '30']), (pids) => pids.length === 1);
    expect(sleeper).toBeGreaterThan(0);
    const before = con.stdout.length;
    const started = Date.now();
    expect((await raw.signal(con.shellId, con.commandId, 'ctrl_c')).status).toBe(200);
    await con.until((out) => out.slice(before).endsWith(`\r\n${con.prompt()}`));
    expect(Date.now() - started).toBeLessThan(5_000);
    expect(con.stdout.subarray(before).toString()).toBe(`^C\r\n${con.prompt()}`);
    expect(await processesIn(con.cwd, ['sleep', '30'])).toEqual([]);
    // Same ShellId and CommandId: the console is still there and still running.
    expect(await con.run('echo after')).toBe(`after\n\r\n${con.prompt()}`);
    expect(con.exitCode).toBeUndefined();
    expect(await con.receiveOnce('PT0.500S')).toBe(false);
    expect(con.exitCode).toBeUndefined();
    const counters = await control.counters();
    expect(counters).toMatchObject({ shellsCreated: 1, commandsStarted: 1 });
    await con.close();
  });

  it('ctrl_c at the prompt writes ^C and a fresh prompt, dropping the input typed ahead of it', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    await con.send('echo never');
    expect((await raw.signal(con.shellId, con.commandId, 'ctrl_c')).status).toBe(200);
    // Input sent once the Signal is answered is kept, even before the ^C shows.
    await con.send('echo ok\r\n');
    await con.until((out) => out.includes('ok\n\r\n'));
    expect(con.text).toBe(`${BANNER}${con.prompt()}^C\r\n${con.prompt()}ok\n\r\n${con.prompt()}`);
    await con.close();
  });

  it('`exit 3` ends the console: Done with exit code 3', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    await con.send('exit 3\r\n');
    expect(await con.done()).toBe(3);
    expect(con.text).toBe(`${BANNER}${con.prompt()}`);
    await con.close();
  });

  it('`exit` alone ends with 0', async () => {
    const con = await ConsoleSession.open();
    await con.send('echo x\r\nexit\r\n');
    expect(await con.done()).toBe(0);
  });

  it('`cd /tmp` changes the console directory: the prompt follows and `pwd` prints it; a missing one is an error', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    const tmp = { prompt: con.prompt('/tmp') };
    expect(await con.run('cd /tmp', tmp)).toBe(`\r\n${con.prompt('/tmp')}`);
    expect(await con.run('pwd', tmp)).toBe(`/tmp\n\r\n${con.prompt('/tmp')}`);
    expect(await con.run('cd /no/such/dir', tmp)).toBe(`\r\n${con.prompt('/tmp')}`);
    // stdout and stderr are separate pipes: the error may come a Receive after the prompt.
    while (con.stderr.length === 0) await con.receiveOnce();
    expect(con.stderr.toString()).toBe('The system cannot find the path specified.\r\n');
    expect(await con.run(`cd ${con.cwd}`)).toBe(`\r\n${con.prompt()}`);
    expect(await con.run('cd')).toBe(`${con.cwd}\r\n\r\n${con.prompt()}`);
    await con.close();
  });

  it('hands input lines to the running program while it reads them', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    const before = con.stdout.length;
    await con.send('read a; read b; echo "got $a and $b"\n');
    await con.send('one\ntwo\n');
    await con.until((out) => out.slice(before).endsWith(`\r\n${con.prompt()}`));
    expect(con.stdout.subarray(before).toString()).toBe(`got one and two\n\r\n${con.prompt()}`);
    await con.close();
  });

  it('stdin End ends the console after the running program, with its exit code', async () => {
    const con = await ConsoleSession.open();
    await con.send('sleep 1; echo slept\r\nsh -c "exit 5"\r\n', true);
    expect(await con.done()).toBe(5);
    expect(con.text).toBe(`${BANNER}${con.prompt()}slept\n\r\n${con.prompt()}\r\n${con.prompt()}`);
  });

  it('terminate ends the program and the console: a pending Receive reports Done', async () => {
    const con = await ConsoleSession.open();
    await con.until((out) => out.endsWith(con.prompt()));
    await con.send('sleep 30\r\n');
    await eventually(() => processesIn(con.cwd, ['sleep', '30']), (pids) => pids.length === 1);
    // The long-poll on a connection of its own, so the Signal does not queue behind it.
    const other = new RawWsman(rig);
    try {
      const pending = other.receive(con.shellId, con.commandId, { operationTimeout: 'PT20S' });
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect((await raw.signal(con.shellId, con.commandId, 'terminate')).status).toBe(200);
      const response = await pending;
      expect(response.status).toBe(200);
      expect(exitCodeOf(response.body)).toBe(137);
      expect(await eventually(() => processesIn(con.cwd, ['sleep', '30']), (pids) => pids.length === 0)).toEqual([]);
    } finally {
      other.close();
    }
    await con.close();
  });

  it('leaves other commands as they were: run once under /bin/sh, no banner or prompt', async () => {
    const shellId = await raw.createShell();
    const commandId = await raw.command(shellId, 'echo not-a-console');
    let out = '';
    for (;;) {
      const response = await raw.receive(shellId, commandId, { operationTimeout: 'PT5S' });
      out += streamOf(response.body, 'stdout').toString();
      if (exitCodeOf(response.body) !== undefined) break;
    }
    expect(out).toBe('not-a-console\n');
    await raw.deleteShell(shellId);
  });
});
