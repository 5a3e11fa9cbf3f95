"""Entry point: python3 -m winrm_server --config FILE (JSON written by the rig).

Config keys: host, httpPort, httpsPort, controlPort, certFile, keyFile,
basicUser, basicPassword, allowUnencrypted, schemes, machine, channelBindings,
ntlmProxyPort (a CONNECT proxy that requires NTLM proxy authentication).
GSSAPI reads KRB5_CONFIG, KRB5_KTNAME and NTLM_USER_FILE from the environment.
"""
import argparse
import json
import os
import signal
import sys
import threading

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))

from control import serve_control  # noqa: E402
from listener import WinrmServer, channel_binding_for, make_tls_context  # noqa: E402
from ntlm_proxy import NtlmProxy  # noqa: E402
from operations import Operations  # noqa: E402
from shells import ShellTable  # noqa: E402
from state import ServerState  # noqa: E402
from tunnels import TunnelTable  # noqa: E402


class App:
    def __init__(self, config):
        self.config = config
        self.machine = config.get('machine', 'winrm.test.local')
        self.state = ServerState()
        self.shells = ShellTable()
        self.tunnels = TunnelTable(self.state)
        self.operations = Operations(self.shells, self.state, self.machine, self._endpoint)

    def _endpoint(self, ctx):
        return f"{'https' if ctx['tls'] else 'http'}://{ctx['host']}/wsman"


def main():
    parser = argparse.ArgumentParser(prog='winrm_server')
    parser.add_argument('--config', required=True)
    args = parser.parse_args()
    with open(args.config) as f:
        config = json.load(f)
    config.setdefault('schemes', ['Negotiate', 'Kerberos', 'Basic'])
    config.setdefault('allowUnencrypted', False)
    app = App(config)
    host = config.get('host', '127.0.0.1')
    servers = [WinrmServer((host, config['httpPort']), app)]
    if config.get('httpsPort'):
        cbt = channel_binding_for(config['certFile']) if config.get('channelBindings', True) else None
        servers.append(WinrmServer((host, config['httpsPort']), app,
                                   make_tls_context(config['certFile'], config['keyFile']), cbt))
    if config.get('ntlmProxyPort'):
        servers.append(NtlmProxy((host, config['ntlmProxyPort']), app.state, app.tunnels))
    control = serve_control(app.state, app.shells, app.tunnels, host, config['controlPort'])
    stop = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: stop.set())
    signal.signal(signal.SIGINT, lambda *_: stop.set())
    for server in servers:
        threading.Thread(target=server.serve_forever, kwargs={'poll_interval': 0.1}, daemon=True).start()
    print(f'winrm_server listening: {[s.server_address for s in servers]} control {control.server_address}',
          flush=True)
    stop.wait()
    for server in servers + [control]:
        server.shutdown()
    app.shells.close_all()


if __name__ == '__main__':
    main()
