"""pywinrm's side of `npm run bench`: one shell, the bench's commands, what it saw.

    OPENSSL_CONF=test/rig/openssl-legacy.cnf /usr/bin/python3 test/bench/pywinrm_bench.py < spec.json

Spec (stdin, it carries the password): {"endpoint", "transport": "ntlm"|"kerberos"|"basic",
"username", "password", "caPath"?, "proxy"?, "messageEncryption"?, "kerberosHostnameOverride"?,
"krb5Config"?, "ccache"?, "commands": [str, ...]}.

Each command runs as pywinrm's own users run it (run_command, get_command_output, cleanup_command);
its stdout goes to our stderr once pywinrm hands it over, as the CLI's --json mode does with ours, so
the bench counts both clients' bytes the same way. Our stdout carries one JSON line:
{"ok": true, "innerSec", "stdoutBytes", "exitCodes": [...]} or {"ok": false, "error": "..."}.
innerSec runs from the Protocol's creation to the shell's deletion: the client's own work, without
the interpreter's start-up and imports (those count in the bench's whole-process figures).

The caller sets OPENSSL_CONF (NTLM needs MD4 and RC4 from OpenSSL's legacy provider): a re-exec
here to set it would add a second interpreter start-up to pywinrm's figures.
"""
import sys

sys.dont_write_bytecode = True

import json  # noqa: E402
import os  # noqa: E402
import time  # noqa: E402

from winrm.protocol import Protocol  # noqa: E402


def _configure_env(spec):
    # requests takes its proxy from the environment (pywinrm 0.3 has no proxy option); GSSAPI its
    # Kerberos config and ticket cache.
    for key in ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY',
                'all_proxy'):
        os.environ.pop(key, None)
    if spec.get('proxy'):
        os.environ['HTTP_PROXY'] = os.environ['HTTPS_PROXY'] = spec['proxy']
    if spec.get('krb5Config'):
        os.environ['KRB5_CONFIG'] = spec['krb5Config']
    if spec.get('ccache'):
        os.environ['KRB5CCNAME'] = spec['ccache']


def _run(spec):
    started = time.perf_counter()
    protocol = Protocol(
        endpoint=spec['endpoint'], transport=spec['transport'],
        username=spec.get('username'), password=spec.get('password'),
        ca_trust_path=spec.get('caPath'), server_cert_validation='validate',
        message_encryption=spec.get('messageEncryption', 'always'),
        kerberos_hostname_override=spec.get('kerberosHostnameOverride'))
    out = sys.stderr.buffer
    total = 0
    codes = []
    shell_id = protocol.open_shell()
    try:
        for command in spec['commands']:
            command_id = protocol.run_command(shell_id, command)
            stdout, _stderr, code = protocol.get_command_output(shell_id, command_id)
            protocol.cleanup_command(shell_id, command_id)
            out.write(stdout)
            out.flush()
            total += len(stdout)
            codes.append(code)
    finally:
        protocol.close_shell(shell_id)
    return {'ok': True, 'innerSec': time.perf_counter() - started, 'stdoutBytes': total, 'exitCodes': codes}


def main():
    spec = json.loads(sys.stdin.read())
    _configure_env(spec)
    try:
        result = _run(spec)
    except Exception as e:  # the bench shows it as the case's failure or "unavailable"
        result = {'ok': False, 'error': f'{type(e).__name__}: {e}'}
    print(json.dumps(result), flush=True)


if __name__ == '__main__':
    main()
