"""The test WinRM server as a rig component: its config, credentials and child process."""
import json
import os

from kdc import SERVICE_HOSTS, WINRM_SPN_HOST
from packages import PYTHON
from ports import free_port
from procs import Child, wait_tcp

HERE = os.path.dirname(os.path.abspath(__file__))
BASIC_USER = 'winrmuser'
NTLM_USER = 'ntlmuser'
NTLM_DOMAIN = 'TEST'


class WinrmServer:
    def __init__(self, root, basic_password, ntlm_password, allow_unencrypted=False):
        self.dir = os.path.join(root, 'winrm')
        os.makedirs(self.dir)
        self.http_port, self.https_port, self.control_port = free_port(), free_port(), free_port()
        self.ntlm_proxy_port = free_port()
        self.basic_password = basic_password
        self.ntlm_password = ntlm_password
        self.allow_unencrypted = allow_unencrypted
        self.keytab = os.path.join(self.dir, 'http.keytab')
        self.ntlm_users = os.path.join(self.dir, 'ntlm_users')
        self.config_path = os.path.join(self.dir, 'config.json')
        self.child = None

    def configure(self, kdc, ca):
        kdc.export_keytab(self.keytab, SERVICE_HOSTS)
        # gss-ntlmssp's acceptor looks users up in this file (DOMAIN:user:password).
        with open(os.open(self.ntlm_users, os.O_WRONLY | os.O_CREAT, 0o600), 'w') as f:
            f.write(f'{NTLM_DOMAIN}:{NTLM_USER}:{self.ntlm_password}\n')
        config = {
            'host': '127.0.0.1', 'httpPort': self.http_port, 'httpsPort': self.https_port,
            'controlPort': self.control_port, 'certFile': ca.server_cert_path, 'keyFile': ca.server_key_path,
            'basicUser': BASIC_USER, 'basicPassword': self.basic_password,
            'allowUnencrypted': self.allow_unencrypted, 'schemes': ['Negotiate', 'Kerberos', 'Basic'],
            'machine': WINRM_SPN_HOST, 'channelBindings': True, 'ntlmProxyPort': self.ntlm_proxy_port,
        }
        with open(os.open(self.config_path, os.O_WRONLY | os.O_CREAT, 0o600), 'w') as f:
            json.dump(config, f, indent=2)
        self.env = dict(kdc.env, KRB5_KTNAME=self.keytab, NTLM_USER_FILE=self.ntlm_users,
                        KRB5RCACHEDIR=self.dir, PYTHONDONTWRITEBYTECODE='1')
        self.env.pop('KRB5CCNAME', None)

    def start(self):
        self.child = Child('winrm_server', [PYTHON, os.path.join(HERE, 'winrm_server'),
                                            '--config', self.config_path],
                           os.path.join(self.dir, 'server.log'), env=self.env)

    def wait(self):
        for port in (self.http_port, self.https_port, self.control_port, self.ntlm_proxy_port):
            wait_tcp(self.child, port)

    def info(self):
        return {
            'host': '127.0.0.1', 'spnHost': WINRM_SPN_HOST,
            'httpPort': self.http_port, 'httpsPort': self.https_port, 'controlPort': self.control_port,
            'basicUser': BASIC_USER, 'basicPassword': self.basic_password,
            'ntlmUser': NTLM_USER, 'ntlmDomain': NTLM_DOMAIN, 'ntlmPassword': self.ntlm_password,
            'allowUnencrypted': self.allow_unencrypted, 'log': self.child.log_path if self.child else None,
            'ntlmProxyPort': self.ntlm_proxy_port,
        }
