"""Runs commands through Debian's pywinrm, an independent WinRM client, for the TS tests.

    /usr/bin/python3 test/rig/pywinrm_client.py '<json>'    (or the JSON on stdin)

Input: {"endpoint", "transport": "ntlm"|"basic"|"kerberos", "username", "password",
        "caPath"?, "proxy"?, "messageEncryption"?, "kerberosHostnameOverride"?,
        "krb5Config"?, "ccache"?, "operationTimeoutSec"?, "readTimeoutSec"?,
        "commands": [{"command", "arguments"?: [...], "stdin"?: str, "hashOnly"?: bool}]}
Output (stdout, one JSON object): {"ok": true, "results": [{"stdout", "stderr",
        "exitCode", "stdoutLength", "stdoutSha256"}]} or {"ok": false, "error": {"type", "message"}}.
"""
import os
import sys

sys.dont_write_bytecode = True
_LEGACY_CONF = os.path.join(os.path.dirname(os.path.abspath(__file__)), 'openssl-legacy.cnf')
if os.environ.get('OPENSSL_CONF') != _LEGACY_CONF:
    # OpenSSL reads its config once, when first loaded; NTLM's MD4/RC4 need
    # the legacy provider, so restart with it configured before any import.
    os.environ['OPENSSL_CONF'] = _LEGACY_CONF
    os.execv(sys.executable, [sys.executable, *sys.argv])

# This directory holds rig modules, not the pywinrm package; keep it off the path.
sys.path = [p for p in sys.path if os.path.abspath(p or '.') != os.path.dirname(os.path.abspath(__file__))]

import base64  # noqa: E402
import hashlib  # noqa: E402
import json  # noqa: E402

import xmltodict  # noqa: E402


def _configure_env(spec):
    # requests reads proxies from the environment (pywinrm 0.3 has no proxy
    # option), and GSSAPI reads the Kerberos config and ticket cache from it.
    for key in ('HTTP_PROXY', 'HTTPS_PROXY', 'http_proxy', 'https_proxy', 'NO_PROXY', 'no_proxy', 'ALL_PROXY',
                'all_proxy'):
        os.environ.pop(key, None)
    if spec.get('proxy'):
        os.environ['HTTP_PROXY'] = os.environ['HTTPS_PROXY'] = spec['proxy']
    if spec.get('krb5Config'):
        os.environ['KRB5_CONFIG'] = spec['krb5Config']
    if spec.get('ccache'):
        os.environ['KRB5CCNAME'] = spec['ccache']


def _send_stdin(protocol, shell_id, command_id, data):
    rsp = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell'
    envelope = protocol._get_soap_header(resource_uri=rsp + '/cmd', action=rsp + '/Send', shell_id=shell_id)
    envelope['env:Body'] = {'rsp:Send': {'rsp:Stream': {
        '@Name': 'stdin', '@CommandId': command_id, '@End': 'true',
        '#text': base64.b64encode(data).decode()}}}
    protocol.send_message(xmltodict.unparse({'env:Envelope': envelope}))


def _run(spec):
    from winrm.protocol import Protocol
    protocol = Protocol(
        endpoint=spec['endpoint'], transport=spec['transport'],
        username=spec.get('username'), password=spec.get('password'),
        ca_trust_path=spec.get('caPath'),
        server_cert_validation='validate',
        message_encryption=spec.get('messageEncryption', 'auto'),
        kerberos_hostname_override=spec.get('kerberosHostnameOverride'),
        operation_timeout_sec=spec.get('operationTimeoutSec', 5),
        read_timeout_sec=spec.get('readTimeoutSec', 15))
    results = []
    shell_id = protocol.open_shell()
    try:
        for step in spec['commands']:
            command_id = protocol.run_command(shell_id, step['command'], step.get('arguments', []))
            if step.get('stdin') is not None:
                _send_stdin(protocol, shell_id, command_id, step['stdin'].encode())
            stdout, stderr, code = protocol.get_command_output(shell_id, command_id)
            protocol.cleanup_command(shell_id, command_id)
            result = {'exitCode': code, 'stderr': stderr.decode(errors='replace'),
                      'stdoutLength': len(stdout), 'stdoutSha256': hashlib.sha256(stdout).hexdigest()}
            if not step.get('hashOnly'):
                result['stdout'] = stdout.decode(errors='replace')
            results.append(result)
    finally:
        protocol.close_shell(shell_id)
    return results


def main():
    raw = sys.argv[1] if len(sys.argv) > 1 else sys.stdin.read()
    spec = json.loads(raw)
    _configure_env(spec)
    try:
        out = {'ok': True, 'results': _run(spec)}
    except Exception as e:  # the caller asserts on the failure's type and text
        out = {'ok': False, 'error': {'type': type(e).__name__, 'message': str(e)}}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
