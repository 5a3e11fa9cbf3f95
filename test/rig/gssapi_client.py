"""A GSSAPI WinRM client for what pywinrm 0.3 cannot do: Kerberos message encryption over HTTP,
SPNEGO with NTLM inside, the `Kerberos` scheme, and re-use of a context on another connection.

    /usr/bin/python3 test/rig/gssapi_client.py < spec.json

Input: {"host", "port", "scheme": "Negotiate"|"Kerberos", "mech": "kerberos"|"spnego"|"spnego-ntlm",
        "spnHost", "krb5Config"?, "ccache"?, "ntlm": {"user", "domain", "password"}?,
        "command": "echo hi", "switchConnection"?: bool,
        "tls": {"caPath", "bindings": "certificate"|"wrong"|"none"}?}
With "tls" it speaks HTTPS: SOAP in clear inside TLS, the context bound to the server's certificate
(RFC 5929 tls-server-end-point, computed here with `cryptography`), or to wrong bytes, or to nothing.
Output: {"ok": true, "stdout", "exitCode", "contentType", "headerLength", "rrc", "legs": [status...]}
        or {"ok": false, "error", "legs", "status"?}.
It shares MIT krb5 and gss-ntlmssp with the server, so it checks framing and
connection binding, not the cryptography.
"""
import os
import sys

sys.dont_write_bytecode = True

import base64  # noqa: E402
import http.client  # noqa: E402
import json  # noqa: E402
import re  # noqa: E402
import struct  # noqa: E402
import uuid  # noqa: E402

SHELL = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell'
TRANSFER = 'http://schemas.xmlsoap.org/ws/2004/09/transfer'
BOUNDARY = b'--Encrypted Boundary'
PROTOCOLS = {'Kerberos': 'application/HTTP-Kerberos-session-encrypted',
             'Negotiate': 'application/HTTP-SPNEGO-session-encrypted'}


class Failed(Exception):
    def __init__(self, message, status=None):
        super().__init__(message)
        self.status = status


def _bindings(spec, conn):
    """Channel bindings for the TLS connection `conn`, per spec["tls"]["bindings"]; None for none."""
    import hashlib
    import gssapi.raw as graw
    from cryptography import x509
    choice = spec['tls'].get('bindings', 'certificate')
    if choice == 'none':
        return None
    conn.connect()
    der = conn.sock.getpeercert(binary_form=True)
    algorithm = x509.load_der_x509_certificate(der).signature_hash_algorithm
    name = algorithm.name if algorithm and algorithm.name not in ('md5', 'sha1') else 'sha256'
    data = b'tls-server-end-point:' + hashlib.new(name, der).digest()
    if choice == 'wrong':
        data = data[:-1] + bytes([data[-1] ^ 1])
    return graw.ChannelBindings(application_data=data)


def _context(spec, bindings=None):
    import gssapi
    import gssapi.raw as graw
    spnego = gssapi.OID.from_int_seq('1.3.6.1.5.5.2')
    target = gssapi.Name(f"HTTP@{spec['spnHost']}", gssapi.NameType.hostbased_service)
    flags = (gssapi.RequirementFlag.mutual_authentication | gssapi.RequirementFlag.confidentiality
             | gssapi.RequirementFlag.integrity | gssapi.RequirementFlag.out_of_sequence_detection)
    if spec['mech'] == 'spnego-ntlm':
        ntlm = gssapi.OID.from_int_seq('1.3.6.1.4.1.311.2.2.10')
        user = gssapi.Name(f"{spec['ntlm']['domain']}\\{spec['ntlm']['user']}", gssapi.NameType.user)
        creds = graw.acquire_cred_with_password(user, spec['ntlm']['password'].encode(), usage='initiate',
                                                mechs=[spnego]).creds
        graw.set_neg_mechs(creds, [ntlm])
        return gssapi.SecurityContext(name=target, creds=gssapi.Credentials(creds), mech=spnego, flags=flags,
                                      usage='initiate')
    mech = gssapi.MechType.kerberos if spec['mech'] == 'kerberos' else spnego
    return gssapi.SecurityContext(name=target, mech=mech, flags=flags, usage='initiate', channel_bindings=bindings)


def _handshake(conn, scheme, ctx, legs):
    token = ctx.step()
    while True:
        conn.request('POST', '/wsman', body=b'', headers={'Authorization': f'{scheme} {base64.b64encode(token).decode()}'})
        response = conn.getresponse()
        response.read()
        legs.append(response.status)
        offered = ', '.join(response.headers.get_all('WWW-Authenticate') or [])
        # A leg carries "<scheme> <token>"; a refusal lists the offered schemes alone.
        found = re.fullmatch(rf'{scheme} ([A-Za-z0-9+/]+=*)', offered.strip())
        server_token = base64.b64decode(found.group(1)) if found else None
        if response.status == 200:
            if server_token is not None and not ctx.complete:
                ctx.step(server_token)
            return
        if response.status != 401 or server_token is None:
            raise Failed(f'handshake refused with {response.status} {offered!r}', response.status)
        token = ctx.step(server_token)


def _seal(ctx, scheme, xml):
    import gssapi.raw as graw
    iov = graw.IOV(graw.IOVBufferType.header, xml, graw.IOVBufferType.padding, std_layout=False)
    if ctx.mech == graw.OID.from_int_seq('1.3.6.1.4.1.311.2.2.10'):
        token = ctx.wrap(xml, True).message  # gss-ntlmssp: 16-byte signature then sealed data
        header, data = token[:16], token[16:]
    else:
        graw.wrap_iov(ctx, iov, confidential=True)
        header, data = iov[0].value, iov[1].value + (iov[2].value or b'')
    protocol = PROTOCOLS[scheme].encode()
    return (BOUNDARY + b'\r\n\tContent-Type: ' + protocol + b'\r\n'
            + f'\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length={len(xml)}\r\n'.encode()
            + BOUNDARY + b'\r\n\tContent-Type: application/octet-stream\r\n'
            + struct.pack('<I', len(header)) + header + data + BOUNDARY + b'--\r\n')


def _open(ctx, body):
    parts = [p for p in re.split(rb'--Encrypted Boundary(?:--)?\r\n', body) if p]
    length = int(re.search(rb'Length=(\d+)', parts[0]).group(1))
    blob = parts[1][len(b'\tContent-Type: application/octet-stream\r\n'):]
    (header_length,) = struct.unpack('<I', blob[:4])
    header = blob[4:4 + header_length]
    plain = ctx.unwrap(header + blob[4 + header_length:]).message
    if len(plain) != length:
        raise Failed(f'decrypted {len(plain)} bytes, header says {length}')
    return plain, header


def _envelope(action, body, shell_id=None, timeout='PT5S'):
    selector = f'<w:SelectorSet><w:Selector Name="ShellId">{shell_id}</w:Selector></w:SelectorSet>' if shell_id else ''
    return ('<s:Envelope xmlns:s="http://www.w3.org/2003/05/soap-envelope" '
            'xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" '
            f'xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="{SHELL}"><s:Header>'
            f'<a:Action>{action}</a:Action><a:MessageID>uuid:{uuid.uuid4()}</a:MessageID>'
            f'<w:ResourceURI>{SHELL}/cmd</w:ResourceURI><w:OperationTimeout>{timeout}</w:OperationTimeout>'
            f'{selector}</s:Header><s:Body>{body}</s:Body></s:Envelope>').encode()


def _run(spec, legs, seen):
    if spec.get('krb5Config'):
        os.environ['KRB5_CONFIG'] = spec['krb5Config']
    if spec.get('ccache'):
        os.environ['KRB5CCNAME'] = spec['ccache']
    scheme = spec['scheme']
    tls = spec.get('tls')
    if tls:
        import ssl
        conn = http.client.HTTPSConnection(spec['host'], spec['port'], timeout=30,
                                           context=ssl.create_default_context(cafile=tls['caPath']))
        ctx = _context(spec, _bindings(spec, conn))
    else:
        conn = http.client.HTTPConnection(spec['host'], spec['port'], timeout=30)
        ctx = _context(spec)
    _handshake(conn, scheme, ctx, legs)
    if spec.get('switchConnection'):
        conn.close()
        conn = http.client.HTTPConnection(spec['host'], spec['port'], timeout=30)

    def call(xml):
        if tls:
            conn.request('POST', '/wsman', body=xml, headers={'Content-Type': 'application/soap+xml;charset=UTF-8'})
            response = conn.getresponse()
            seen['contentType'] = response.getheader('Content-Type')
            return response.status, response.read().decode()
        conn.request('POST', '/wsman', body=_seal(ctx, scheme, xml), headers={
            'Content-Type': f'multipart/encrypted;protocol="{PROTOCOLS[scheme]}";boundary="Encrypted Boundary"'})
        response = conn.getresponse()
        body = response.read()
        seen['contentType'] = response.getheader('Content-Type')
        if not (seen['contentType'] or '').startswith('multipart/encrypted'):
            raise Failed(f'unencrypted {response.status} answer', response.status)
        plain, header = _open(ctx, body)
        seen['headerLength'] = len(header)
        seen['rrc'] = struct.unpack('>H', header[6:8])[0] if len(header) == 60 else None
        return response.status, plain.decode()

    _, created = call(_envelope(f'{TRANSFER}/Create', '<rsp:Shell><rsp:InputStreams>stdin</rsp:InputStreams>'
                                '<rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>'))
    shell_id = re.search(r'Name="ShellId">([^<]+)<', created).group(1)
    _, commanded = call(_envelope(f'{SHELL}/Command', f'<rsp:CommandLine><rsp:Command>{spec["command"]}'
                                  '</rsp:Command></rsp:CommandLine>', shell_id))
    command_id = re.search(r'<rsp:CommandId>([^<]+)<', commanded).group(1)
    stdout, exit_code = b'', None
    while exit_code is None:
        status, received = call(_envelope(f'{SHELL}/Receive', f'<rsp:Receive><rsp:DesiredStream CommandId="{command_id}">'
                                          'stdout stderr</rsp:DesiredStream></rsp:Receive>', shell_id))
        if status == 500 and 'Code="2150858793"' in received:
            continue
        for chunk in re.findall(r'<rsp:Stream Name="stdout"[^>]*>([^<]*)<', received):
            stdout += base64.b64decode(chunk)
        found = re.search(r'<rsp:ExitCode>(-?\d+)<', received)
        exit_code = int(found.group(1)) if found else None
    call(_envelope(f'{TRANSFER}/Delete', '', shell_id))
    return {'stdout': stdout.decode(errors='replace'), 'exitCode': exit_code}


def main():
    spec = json.loads(sys.stdin.read())
    legs, seen = [], {}
    try:
        out = {'ok': True, **_run(spec, legs, seen), **seen, 'legs': legs}
    except Failed as e:
        out = {'ok': False, 'error': str(e), 'status': e.status, 'legs': legs}
    except Exception as e:  # the caller asserts on the failure text
        out = {'ok': False, 'error': f'{type(e).__name__}: {e}', 'legs': legs}
    print(json.dumps(out))


if __name__ == '__main__':
    main()
