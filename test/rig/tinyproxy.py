"""tinyproxy: a forward proxy that opens a new upstream connection per request (no connection affinity)."""
import os

from ports import free_port
from procs import Child, chown_to, guarded, wait_tcp


class Tinyproxy:
    def __init__(self, root):
        self.dir = os.path.join(root, 'tinyproxy')
        os.makedirs(self.dir)
        self.port = free_port()
        self.conf = os.path.join(self.dir, 'tinyproxy.conf')
        self.log = os.path.join(self.dir, 'tinyproxy.log')
        # No ConnectPort line: CONNECT is allowed to any port, as tunnelling
        # through it is the working alternative the tests need.
        with open(self.conf, 'w') as f:
            f.write(f'User nobody\nGroup nogroup\nPort {self.port}\nListen 127.0.0.1\nTimeout 600\n'
                    f'MaxClients 50\nLogFile "{self.log}"\nLogLevel Info\nPidFile "{self.dir}/tinyproxy.pid"\n'
                    'Allow 127.0.0.1\n')
        chown_to(self.dir, 'nobody')
        self.child = None

    def start(self):
        self.child = Child('tinyproxy', guarded(['tinyproxy', '-d', '-c', self.conf]), os.path.join(self.dir, 'tinyproxy.out'))

    def wait(self):
        wait_tcp(self.child, self.port)

    def info(self):
        return {'port': self.port, 'log': self.log}
