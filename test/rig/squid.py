"""Squid with three loopback listeners: open, authenticated (Basic + Negotiate), and one that breaks connection auth."""
import os

from ports import free_port
from procs import Child, chown_to, guarded, run, wait_tcp

BASIC_USER = 'proxyuser'
PROXY_SPN = 'HTTP/localhost@TEST.LOCAL'


def _conf(d, ports, htpasswd, keytab, digest_file):
    open_port, auth_port, noconn_port = ports
    # Port names let acls tell listeners apart (myportname). connection-auth=off
    # makes Squid strip NTLM/Negotiate challenges, i.e. a proxy that cannot
    # carry connection-bound authentication. No cache, no DNS beyond loopback.
    return f"""http_port 127.0.0.1:{open_port} name=open
http_port 127.0.0.1:{auth_port} name=auth
http_port 127.0.0.1:{noconn_port} name=noconnauth connection-auth=off
visible_hostname localhost
pid_filename {d}/squid.pid
cache_log {d}/cache.log
access_log stdio:{d}/access.log squid
cache_store_log none
logfile_rotate 0
coredump_dir {d}
cache deny all
cache_mem 8 MB
pinger_enable off
netdb_filename none
shutdown_lifetime 0 seconds
dns_nameservers 127.0.0.1
auth_param negotiate program /usr/lib/squid/negotiate_kerberos_auth -k {keytab} -s {PROXY_SPN}
auth_param negotiate children 3
auth_param negotiate keep_alive on
auth_param digest program /usr/lib/squid/digest_file_auth {digest_file}
auth_param digest children 3
auth_param digest realm rig-squid-digest
auth_param basic program /usr/lib/squid/basic_ncsa_auth {htpasswd}
auth_param basic children 3
auth_param basic realm rig-squid
acl to_auth_port myportname auth
acl authenticated proxy_auth REQUIRED
acl from_loopback src 127.0.0.1
http_access deny !from_loopback
http_access allow to_auth_port authenticated
http_access deny to_auth_port
http_access allow all
"""


class Squid:
    def __init__(self, root, basic_password):
        self.dir = os.path.join(root, 'squid')
        os.makedirs(self.dir)
        self.ports = (free_port(), free_port(), free_port())
        self.basic_password = basic_password
        self.conf = os.path.join(self.dir, 'squid.conf')
        self.htpasswd = os.path.join(self.dir, 'htpasswd')
        # digest_file_auth reads user:password lines (it needs the password to compute HA1).
        self.digest_file = os.path.join(self.dir, 'digest-passwd')
        self.keytab = os.path.join(self.dir, 'proxy.keytab')
        self.child = None

    def configure(self, kdc):
        hashed = run(['openssl', 'passwd', '-apr1', self.basic_password]).decode().strip()
        with open(self.htpasswd, 'w') as f:
            f.write(f'{BASIC_USER}:{hashed}\n')
        with open(self.digest_file, 'w') as f:
            f.write(f'{BASIC_USER}:{self.basic_password}\n')
        kdc.export_keytab(self.keytab, ['localhost'])
        with open(self.conf, 'w') as f:
            f.write(_conf(self.dir, self.ports, self.htpasswd, self.keytab, self.digest_file))
        # Squid drops to user proxy before writing logs and starting helpers;
        # the helpers read the keytab and htpasswd as that user.
        for name in ('', 'htpasswd', 'digest-passwd', 'proxy.keytab'):
            chown_to(os.path.join(self.dir, name), 'proxy')
        self.env = dict(kdc.env, KRB5_KTNAME=self.keytab, KRB5RCACHEDIR=self.dir)
        run(['squid', '-k', 'parse', '-f', self.conf], env=self.env)

    def start(self):
        self.child = Child('squid', guarded(['squid', '-N', '-d', '1', '-f', self.conf]),
                           os.path.join(self.dir, 'squid.out'), env=self.env)

    def wait(self):
        for port in self.ports:
            wait_tcp(self.child, port)

    def info(self):
        return {
            'openPort': self.ports[0],
            'authPort': self.ports[1],
            'noConnAuthPort': self.ports[2],
            'basicUser': BASIC_USER,
            'basicPassword': self.basic_password,
            'spn': PROXY_SPN,
            'accessLog': os.path.join(self.dir, 'access.log'),
            'cacheLog': os.path.join(self.dir, 'cache.log'),
        }
