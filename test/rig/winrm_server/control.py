"""The loopback control API (JSON): GET /counters, POST /reset, GET|POST /faults, POST /drop, POST /drop-tunnels,
POST /forget-shells."""
import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer


def serve_control(state, shells, tunnels, host, port):
    class Handler(BaseHTTPRequestHandler):
        protocol_version = 'HTTP/1.1'

        def log_message(self, *args):
            pass

        def _reply(self, status, obj):
            body = json.dumps(obj).encode()
            self.send_response(status)
            self.send_header('Content-Type', 'application/json')
            self.send_header('Content-Length', str(len(body)))
            self.end_headers()
            self.wfile.write(body)

        def _body(self):
            length = int(self.headers.get('Content-Length') or 0)
            raw = self.rfile.read(length) if length else b''
            return json.loads(raw) if raw.strip() else {}

        def do_GET(self):
            if self.path == '/counters':
                self._reply(200, state.snapshot())
            elif self.path == '/faults':
                self._reply(200, state.snapshot()['activeFaults'])
            else:
                self._reply(404, {'error': 'unknown path'})

        def do_POST(self):
            try:
                body = self._body()
                if self.path == '/reset':
                    state.reset()
                    self._reply(200, {'ok': True})
                elif self.path == '/faults':
                    if not isinstance(body, dict):
                        raise ValueError('faults must be a JSON object')
                    self._reply(200, state.set_faults(body))
                elif self.path == '/drop':
                    # Every open WinRM connection at once, as a network drop or a killed proxy would.
                    self._reply(200, {'dropped': state.drop_connections()})
                elif self.path == '/drop-tunnels':
                    # The NTLM proxy cuts its tunnels (all, the idle ones, or those with a request
                    # waiting for its answer), as a proxy that restarts or times them out would.
                    if not isinstance(body, dict):
                        raise ValueError('drop-tunnels takes a JSON object')
                    dropped = tunnels.drop(body.get('which', 'all'), body.get('quietMs', 200))
                    self._reply(200, {'dropped': dropped, 'open': tunnels.count()})
                elif self.path == '/forget-shells':
                    # Every shell gone (processes killed) as after a WinRM service restart.
                    forgotten = shells.close_all()
                    state.count_forgotten_shells(forgotten)
                    self._reply(200, {'forgotten': forgotten})
                else:
                    self._reply(404, {'error': 'unknown path'})
            except ValueError as e:
                self._reply(400, {'error': str(e)})

    server = ThreadingHTTPServer((host, port), Handler)
    server.daemon_threads = True
    threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1}, name='control', daemon=True).start()
    return server
