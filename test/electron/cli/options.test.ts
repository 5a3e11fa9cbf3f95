import { describe, expect, it } from 'vitest';
import { parseCommandLine } from '../../../electron/cli/options.ts';

const base = ['--url', 'https://dc01.corp.example/wsman', '--auth', 'basic', '--user', 'CORP\\admin', '--password-env', 'PW'];

function errorOf(argv: string[]): string | undefined {
  try {
    parseCommandLine(argv);
  } catch (error) {
    return `${(error as { code: string }).code}: ${(error as Error).message}`;
  }
  return undefined;
}

describe('CLI options', () => {
  it('parses exec with the command after --, defaulting port, encryption, timeout and codepage', () => {
    const parsed = parseCommandLine(['exec', ...base, '--env', 'A=1', '--env', 'B=x=y', '--', 'ipconfig', '/all']);
    expect(parsed.verb).toBe('exec');
    expect(parsed.command).toEqual(['ipconfig', '/all']);
    expect(parsed.connection).toMatchObject({ auth: 'basic', user: 'CORP\\admin', encryption: 'auto', operationTimeoutSec: 20, codepage: 65001, env: { A: '1', B: 'x=y' } });
    expect(parsed.connection!.url.toString()).toBe('https://dc01.corp.example:5986/wsman');
  });

  it('fills the /wsman path and the HTTP port for a bare http URL', () => {
    const parsed = parseCommandLine(['batch', ...base.slice(2), '--url', 'http://web01']);
    expect(parsed.connection!.url.toString()).toBe('http://web01:5985/wsman');
  });

  it.each([
    [['exec', ...base], /exec needs a command/],
    [['exec', ...base, '--password', 'x', '--', 'dir'], /Unknown option '--password'/],
    [['exec', ...base, '--auth', 'digest', '--', 'dir'], /--auth must be one of basic\|ntlm\|negotiate\|kerberos/],
    [['exec', ...base, '--encryption', 'maybe', '--', 'dir'], /--encryption must be one of/],
    [['exec', ...base, '--operation-timeout', '0', '--', 'dir'], /--operation-timeout must be a whole number from 1 to 3600/],
    [['exec', ...base, '--codepage', 'utf8', '--', 'dir'], /--codepage/],
    [['exec', ...base, '--env', 'NOEQUALS', '--', 'dir'], /--env takes NAME=VALUE/],
    [['exec', ...base.slice(2), '--url', 'ftp://host', '--', 'dir'], /must start with http/],
    [['exec', ...base.slice(2), '--url', 'https://u:secret@host', '--', 'dir'], /must not carry credentials/],
    [['exec', '--url', 'https://h', '--auth', 'basic', '--user', 'u', '--', 'dir'], /--password-env VAR is required/],
    [['shell', ...base, '--', 'cmd'], /shell takes no command/],
    [['frobnicate'], /unknown command "frobnicate"/],
  ])('refuses %j', (argv, message) => {
    const error = errorOf(argv as string[]);
    expect(error).toMatch(/^INVALID_ARGUMENT: /);
    expect(error).toMatch(message);
  });

  it('never echoes a credential smuggled into the URL', () => {
    expect(errorOf(['exec', ...base.slice(2), '--url', 'https://u:hunter2@host', '--', 'dir'])).not.toContain('hunter2');
  });

  it('answers help without needing options', () => {
    expect(parseCommandLine(['--help']).verb).toBe('help');
    expect(parseCommandLine(['exec', '--help']).verb).toBe('help');
  });
});
