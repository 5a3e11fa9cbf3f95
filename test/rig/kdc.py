"""MIT Kerberos KDC for realm TEST.LOCAL, confined to a directory and one loopback port."""
import os

from ports import free_port
from procs import Child, run, wait_tcp

REALM = 'TEST.LOCAL'
USER = 'alice'
# A second user with its own password: two identities against the same server.
SECOND_USER = 'bob'
# The WinRM server is reached at 127.0.0.1 but named winrm.test.local in its
# SPN; HTTP/localhost is the proxy's SPN (Squid is addressed as localhost).
WINRM_SPN_HOST = 'winrm.test.local'
SERVICE_HOSTS = (WINRM_SPN_HOST, 'localhost')


def _krb5_conf(port):
    # No DNS and no reverse lookups: the SPN host need not resolve, so the name
    # the client uses is the name it asks a ticket for. udp_preference_limit 1
    # sends everything over TCP, the only port we wait on. AES-SHA1 only,
    # because that is what Windows accepts and what the 60-byte wrap header of
    # WinRM's Kerberos encryption assumes.
    return f"""[libdefaults]
    default_realm = {REALM}
    dns_lookup_realm = false
    dns_lookup_kdc = false
    dns_canonicalize_hostname = false
    rdns = false
    udp_preference_limit = 1
    ticket_lifetime = 10h
    forwardable = true
    permitted_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
    default_tkt_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96
    default_tgs_enctypes = aes256-cts-hmac-sha1-96 aes128-cts-hmac-sha1-96

[realms]
    {REALM} = {{
        kdc = 127.0.0.1:{port}
    }}

[domain_realm]
    .test.local = {REALM}
    test.local = {REALM}
    localhost = {REALM}
"""


def _kdc_conf(d, port):
    return f"""[kdcdefaults]
    kdc_ports = {port}
    kdc_tcp_ports = {port}

[realms]
    {REALM} = {{
        database_name = {d}/principal
        key_stash_file = {d}/stash
        acl_file = {d}/kadm5.acl
        kdc_listen = 127.0.0.1:{port}
        kdc_tcp_listen = 127.0.0.1:{port}
        supported_enctypes = aes256-cts-hmac-sha1-96:normal aes128-cts-hmac-sha1-96:normal
        max_life = 10h
    }}

[logging]
    kdc = FILE:{d}/kdc.log
"""


class Kdc:
    def __init__(self, root, password, second_password):
        self.dir = os.path.join(root, 'kdc')
        os.makedirs(self.dir)
        self.port = free_port()
        self.password = password
        self.second_password = second_password
        self.krb5_conf = os.path.join(self.dir, 'krb5.conf')
        self.kdc_conf = os.path.join(self.dir, 'kdc.conf')
        with open(self.krb5_conf, 'w') as f:
            f.write(_krb5_conf(self.port))
        # Squid's helper runs as user proxy and must read the client config.
        os.chmod(self.krb5_conf, 0o644)
        with open(self.kdc_conf, 'w') as f:
            f.write(_kdc_conf(self.dir, self.port))
        with open(os.path.join(self.dir, 'kadm5.acl'), 'w') as f:
            f.write('')
        self.env = dict(os.environ, KRB5_CONFIG=self.krb5_conf, KRB5_KDC_PROFILE=self.kdc_conf)
        self.child = None

    @property
    def principal(self):
        return f'{USER}@{REALM}'

    @property
    def second_principal(self):
        return f'{SECOND_USER}@{REALM}'

    def create(self):
        run(['kdb5_util', 'create', '-s', '-r', REALM, '-P', os.urandom(12).hex()], env=self.env)
        self._kadmin(f'addprinc -pw {self.password} {self.principal}')
        self._kadmin(f'addprinc -pw {self.second_password} {self.second_principal}')
        for host in SERVICE_HOSTS:
            self._kadmin(f'addprinc -randkey HTTP/{host}@{REALM}')

    def export_keytab(self, path, hosts):
        # -norandkey keeps the keys: a plain ktadd re-keys the principal and
        # silently invalidates every keytab exported before it.
        for host in hosts:
            self._kadmin(f'ktadd -norandkey -k {path} HTTP/{host}@{REALM}')

    def start(self):
        self.child = Child('krb5kdc', ['krb5kdc', '-n'], os.path.join(self.dir, 'krb5kdc.out'), env=self.env)

    def wait(self):
        wait_tcp(self.child, self.port)

    def _kadmin(self, query):
        run(['kadmin.local', '-r', REALM, '-q', query], env=self.env)

    def info(self):
        return {
            'realm': REALM,
            'kdcPort': self.port,
            'krb5Conf': self.krb5_conf,
            'user': USER,
            'password': self.password,
            'principal': self.principal,
            'secondUser': SECOND_USER,
            'secondPassword': self.second_password,
            'secondPrincipal': self.second_principal,
            'spnHost': WINRM_SPN_HOST,
        }
