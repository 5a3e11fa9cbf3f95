"""A CONNECT proxy that requires NTLM proxy authentication, verified by gss-ntlmssp.

Squid's NTLM helpers need Samba's winbind, so the rig brings its own: every
leg of the NTLM exchange must arrive on the same client connection (as with a
real NTLM proxy), the AUTHENTICATE is checked by the independent GSSAPI
acceptor, and only then is the tunnel opened. Targets must be on loopback.
"""
import base64
import socket
import socketserver
import threading

from gss_auth import Acceptor, AuthFailed
from tunnels import DOWN, UP

MAX_HEAD = 64 * 1024


def _read_head(sock):
    data = b''
    while b'\r\n\r\n' not in data:
        chunk = sock.recv(4096)
        if not chunk:
            return None
        data += chunk
        if len(data) > MAX_HEAD:
            return None
    head = data.split(b'\r\n\r\n', 1)[0].decode('latin-1')
    lines = head.split('\r\n')
    headers = {}
    for line in lines[1:]:
        name, _, value = line.partition(':')
        headers[name.strip().lower()] = value.strip()
    return lines[0], headers


def _reply(sock, status, reason, headers=()):
    lines = [f'HTTP/1.1 {status} {reason}'] + [f'{k}: {v}' for k, v in headers]
    if status != 200:
        lines.append('Content-Length: 0')
    sock.sendall(('\r\n'.join(lines) + '\r\n\r\n').encode('latin-1'))


def _pipe(src, dst, moved):
    try:
        while True:
            data = src.recv(65536)
            if not data:
                break
            moved()
            dst.sendall(data)
    except OSError:
        pass
    finally:
        for s in (src, dst):
            try:
                s.shutdown(socket.SHUT_RDWR)
            except OSError:
                pass


class NtlmProxyHandler(socketserver.BaseRequestHandler):
    def handle(self):
        sock = self.request
        state = self.server.state
        acceptor = None
        while True:
            parsed = _read_head(sock)
            if parsed is None:
                return
            request_line, headers = parsed
            parts = request_line.split(' ')
            if len(parts) != 3 or parts[0] != 'CONNECT':
                _reply(sock, 405, 'Method Not Allowed', [('Connection', 'close')])
                return
            host, _, port = parts[1].rpartition(':')
            scheme, _, token = headers.get('proxy-authorization', '').partition(' ')
            if scheme.upper() != 'NTLM' or not token:
                acceptor = None
                _reply(sock, 407, 'Proxy Authentication Required', [('Proxy-Authenticate', 'NTLM')])
                continue
            if acceptor is None:
                acceptor = Acceptor()
            try:
                out = acceptor.step(base64.b64decode(token))
            except (AuthFailed, ValueError):
                state.add('ntlmProxyDenied')
                acceptor = None
                _reply(sock, 407, 'Proxy Authentication Required', [('Proxy-Authenticate', 'NTLM')])
                continue
            if not acceptor.complete:
                _reply(sock, 407, 'Proxy Authentication Required', [('Proxy-Authenticate', 'NTLM ' + base64.b64encode(out).decode())])
                continue
            if host not in ('127.0.0.1', 'localhost', '[::1]'):
                _reply(sock, 403, 'Forbidden', [('Connection', 'close')])
                return
            try:
                upstream = socket.create_connection((host.strip('[]'), int(port)), timeout=10)
            except OSError:
                _reply(sock, 502, 'Bad Gateway', [('Connection', 'close')])
                return
            upstream.settimeout(None)
            state.add('ntlmProxyTunnels')
            tunnels = self.server.tunnels
            tunnel_id = tunnels.open(sock, upstream)
            _reply(sock, 200, 'Connection established')
            down = threading.Thread(target=_pipe, args=(upstream, sock, lambda: tunnels.moved(tunnel_id, DOWN)), daemon=True)
            down.start()
            try:
                _pipe(sock, upstream, lambda: tunnels.moved(tunnel_id, UP))
                down.join()
            finally:
                tunnels.close(tunnel_id)
                upstream.close()
            return


class NtlmProxy(socketserver.ThreadingTCPServer):
    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, address, state, tunnels):
        self.state = state
        self.tunnels = tunnels
        super().__init__(address, NtlmProxyHandler)
