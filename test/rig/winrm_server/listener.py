"""HTTP/1.1 listeners at /wsman: one thread per connection, TLS on the HTTPS one."""
import re
import socket
import ssl
import os
import sys
import traceback
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import framing
import soap
from connection_auth import GSS_SCHEMES, ConnectionAuth
from gss_auth import AuthFailed, pack_encrypted, tls_server_end_point, unpack_encrypted

SOAP_CONTENT_TYPE = 'application/soap+xml;charset=UTF-8'


class WinrmServer(ThreadingHTTPServer):
    daemon_threads = True
    allow_reuse_address = True
    request_queue_size = 64

    def __init__(self, address, app, tls_context=None, channel_binding_data=None):
        self.app = app
        self.tls_context = tls_context
        self.channel_binding_data = channel_binding_data
        super().__init__(address, WinrmHandler)

    def handle_error(self, request, client_address):
        kind, value, trace = sys.exc_info()
        # The deepest frame of the server's own code says where it went wrong.
        own = [f for f in traceback.extract_tb(trace) if os.path.dirname(f.filename) == os.path.dirname(__file__)] if trace else []
        where = own[-1] if own else None
        at = f' (at {os.path.basename(where.filename)}:{where.lineno})' if where else ''
        print(f'connection from {client_address}: {kind.__name__}: {value}{at}', file=sys.stderr, flush=True)


def make_tls_context(cert_file, key_file):
    context = ssl.SSLContext(ssl.PROTOCOL_TLS_SERVER)
    context.load_cert_chain(cert_file, key_file)
    # HTTP/1.1 only: connection-bound authentication cannot ride HTTP/2.
    context.set_alpn_protocols(['http/1.1'])
    return context


def channel_binding_for(cert_file):
    with open(cert_file) as f:
        return tls_server_end_point(ssl.PEM_cert_to_DER_cert(f.read()))


class WinrmHandler(BaseHTTPRequestHandler):
    protocol_version = 'HTTP/1.1'
    server_version = 'Microsoft-HTTPAPI/2.0'
    sys_version = ''

    def setup(self):
        self.tls = self.server.tls_context is not None
        # Headers and body leave in separate writes; without NODELAY, Nagle
        # and delayed ACKs add ~40 ms to every response through a proxy.
        self.request.setsockopt(socket.IPPROTO_TCP, socket.TCP_NODELAY, 1)
        if self.tls:
            # The handshake runs on this connection's thread, so a slow or
            # failing client never blocks the accept loop.
            self.request = self.server.tls_context.wrap_socket(self.request, server_side=True)
            if self.request.session_reused:
                # The client offered a session of an earlier connection and this server took it.
                self.server.app.state.add('tlsResumed')
        super().setup()
        self.app = self.server.app
        self.state = self.app.state
        # The socket is registered so that POST /drop (control.py) can shut it down.
        self.conn_id = self.state.open_connection(self.tls, self.client_address, self.request)
        self.auth = ConnectionAuth(self.app.config, self.tls, self.server.channel_binding_data,
                                   self._count_handshake)

    def finish(self):
        try:
            super().finish()
        finally:
            self.state.close_connection(self.conn_id)
            if self.tls:
                # wrap_socket detached the socket socketserver will shut down, so that shutdown
                # reaches nothing: close the TLS socket here, or the peer never sees the close
                # (an idle timeout, a Connection: close) while something still refers to it.
                try:
                    socket.socket.shutdown(self.request, socket.SHUT_RDWR)
                except OSError:
                    pass
                self.request.close()

    def _count_handshake(self, scheme, mech, principal, detail):
        if mech is None:
            self.state.add('handshakeFailures')
            if 'binding' in detail.lower():
                self.state.add('badChannelBindings')
            self.log_message('handshake refused: scheme=%s %s', scheme, detail)
        else:
            self.state.count_handshake(self.conn_id, scheme, mech)
            if detail:
                self.state.add('channelBoundHandshakes')
            self._authenticated(scheme, mech, principal)

    def _authenticated(self, scheme, mech, principal):
        self.state.set_principal(self.conn_id, principal)
        self.log_message('authenticated: scheme=%s mech=%s principal=%s', scheme, mech, principal)

    def handle_one_request(self):
        self.connection.settimeout(self.state.idle_timeout())
        super().handle_one_request()

    def log_message(self, fmt, *args):
        sys.stderr.write(f'[conn {self.conn_id}] {fmt % args}\n')
        sys.stderr.flush()

    def _read_body(self):
        if 'chunked' in (self.headers.get('Transfer-Encoding') or '').lower():
            body = bytearray()
            while True:
                size = int(self.rfile.readline().split(b';')[0].strip() or b'0', 16)
                if size == 0:
                    while self.rfile.readline() not in (b'\r\n', b'\n', b''):
                        pass
                    return bytes(body)
                body += self.rfile.read(size)
                self.rfile.readline()
        length = int(self.headers.get('Content-Length') or 0)
        return self.rfile.read(length) if length else b''

    def _reply(self, status, body=b'', content_type=None, challenges=()):
        self.send_response(status)
        for challenge in challenges:
            self.send_header('WWW-Authenticate', challenge)
        if content_type:
            self.send_header('Content-Type', content_type)
        self.send_header('Content-Length', str(len(body)))
        if self.close_connection:
            self.send_header('Connection', 'close')
        self.end_headers()
        if body:
            self.wfile.write(body)

    def do_GET(self):
        self._read_body()
        self._reply(405)

    def do_POST(self):
        count = self.state.count_request(self.conn_id)
        body = self._read_body()
        close_after = self.state.fault('closeAfterRequests')
        if close_after and count >= close_after:
            self.close_connection = True
            self.state.add('closedByFault')
        if self.path.split('?')[0].lower() != '/wsman':
            self._reply(404)
            return
        outcome = self.auth.authenticate(self.headers.get('Authorization'))
        if outcome.status is not None:
            if outcome.refused:
                self.state.add('unauthorized')
            self._reply(outcome.status, challenges=outcome.challenges)
            return
        if self.auth.basic_user is not None:
            self.state.add('basicAuthenticated')
            # Basic is checked per request: the connection counts as authenticated at its first
            # good request (or when the user changes).
            if self.state.principal_of(self.conn_id) != self.auth.basic_user:
                self._authenticated('Basic', 'basic', self.auth.basic_user)
        final = [outcome.final_token] if outcome.final_token else []
        if not body:
            self._reply(200, challenges=final)
            return
        self._serve_soap(body, outcome.user, final)

    def _serve_soap(self, body, user, final):
        try:
            protocol = framing.protocol_of(self.headers.get('Content-Type'))
        except framing.FramingError:
            self.state.add('decryptFailures')
            self._reply(400, challenges=final)
            return
        scheme = self.auth.scheme
        if protocol is not None:
            if scheme not in GSS_SCHEMES:
                self.state.add('decryptFailures')
                self._reply(400, challenges=final)
                return
            try:
                xml = self._decrypt(body)
            except (framing.FramingError, AuthFailed) as e:
                self.log_message('decrypt failed: %s', e)
                self.state.add('decryptFailures')
                self._reply(400, challenges=final)
                return
            self.state.add('encryptedRequests')
        else:
            self.state.add('plaintextRequests')
            if scheme in GSS_SCHEMES and not self.tls and not self.app.config['allowUnencrypted']:
                # AllowUnencrypted=false: Windows answers plaintext SOAP after
                # Negotiate/Kerberos over HTTP with HTTP 500 and logs the
                # refusal (pywinrm#129, winrm4j#151).
                self.state.add('rejectedUnencrypted')
                self._reply(500, challenges=final)
                return
            xml = body
        status, response = self._run(xml, user)
        only = self.state.fault('oneShotFaultsOnlyOn')
        eligible = not only or re.search(rb'Action[^>]*>[^<]*/' + re.escape(only.encode()) + rb'<', xml) is not None
        # Fault injection: a well-sealed answer that names another request's MessageID (a reply
        # meant for someone else, or a confused server); the client must refuse it.
        if protocol is not None and eligible and self.state.take_other_relates_to():
            response = re.sub(rb'(<a:RelatesTo>)[^<]*(</a:RelatesTo>)', rb'\1uuid:00000000-0000-0000-0000-000000000000\2', response)
        # Fault injection: a sealed reply sent before, sent again (a replay by a box on the path);
        # its sequence number is stale, so the client must refuse it.
        previous = getattr(self, '_last_sealed', None)
        if protocol is not None and previous is not None and eligible and self.state.take_replay():
            self._reply(status, previous, framing.content_type(protocol), challenges=final)
            return
        # Fault injection: a reply in clear where an encrypted one is due (what a confused or hostile
        # box on the path could send); the client must refuse it.
        if protocol is None or (eligible and self.state.take_plaintext()):
            self._reply(status, response, SOAP_CONTENT_TYPE, challenges=final)
            return
        header, data = self.auth.context[1].wrap_winrm(response)
        if eligible and data and self.state.take_tamper():
            data = bytes([data[0] ^ 0xFF]) + data[1:]
        # Fault injection: a first part of nothing but line feeds (issue 11, item 1: a client that
        # searched it with `^\s*` patterns spent quadratic time before refusing it).
        line_feeds = self.state.take_line_feed_description()
        description = b'\n' * line_feeds if line_feeds else None
        payload = framing.build(protocol, len(response), pack_encrypted(header, data), description)
        self._last_sealed = payload
        self._reply(status, payload, framing.content_type(protocol), challenges=final)

    def _decrypt(self, body):
        acceptor = self.auth.context[1]
        plain = bytearray()
        for length, blob in framing.parse(body):
            header, data = unpack_encrypted(blob)
            message = acceptor.unwrap_winrm(header, data)
            if len(message) != length:
                raise AuthFailed(f'decrypted length {len(message)} differs from declared {length}')
            plain += message
        return bytes(plain)

    def _run(self, xml, user):
        request = None
        try:
            request = soap.Request(xml)
            ctx = {'user': user or '', 'client_ip': self.client_address[0], 'tls': self.tls,
                   'host': self.headers.get('Host') or f'{self.server.server_address[0]}'}
            return 200, self.app.operations.handle(request, ctx)
        except soap.WsmanFault as f:
            self.state.count_fault(f.wsman_code)
            return 500, soap.fault(request, f, self.app.machine)
