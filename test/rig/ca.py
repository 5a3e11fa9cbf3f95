"""A throwaway CA and the WinRM HTTPS listener's certificate signed by it."""
import os

from procs import run

SERVER_NAMES = ('winrm.test.local', 'localhost')
SERVER_IPS = ('127.0.0.1',)


class Ca:
    def __init__(self, root):
        self.dir = os.path.join(root, 'ca')
        os.makedirs(self.dir)
        self.cert_path = os.path.join(self.dir, 'ca.crt')
        self.key_path = os.path.join(self.dir, 'ca.key')
        self.server_cert_path = os.path.join(self.dir, 'server.crt')
        self.server_key_path = os.path.join(self.dir, 'server.key')

    def create(self):
        # RSA with SHA-256, like a typical Windows listener certificate; the
        # signature hash also fixes the tls-server-end-point channel binding.
        run(['openssl', 'req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-days', '2',
             '-subj', '/CN=WinRM Desk Test CA', '-keyout', self.key_path, '-out', self.cert_path,
             '-addext', 'basicConstraints=critical,CA:TRUE',
             '-addext', 'keyUsage=critical,keyCertSign,cRLSign'])
        csr = os.path.join(self.dir, 'server.csr')
        run(['openssl', 'req', '-newkey', 'rsa:2048', '-nodes', '-sha256', '-subj', f'/CN={SERVER_NAMES[0]}',
             '-keyout', self.server_key_path, '-out', csr])
        ext = os.path.join(self.dir, 'server.ext')
        alt = ','.join([f'DNS:{n}' for n in SERVER_NAMES] + [f'IP:{ip}' for ip in SERVER_IPS])
        with open(ext, 'w') as f:
            f.write(f'subjectAltName={alt}\n'
                    'basicConstraints=CA:FALSE\n'
                    'keyUsage=critical,digitalSignature,keyEncipherment\n'
                    'extendedKeyUsage=serverAuth\n')
        run(['openssl', 'x509', '-req', '-in', csr, '-CA', self.cert_path, '-CAkey', self.key_path,
             '-CAcreateserial', '-days', '2', '-sha256', '-extfile', ext, '-out', self.server_cert_path])

    def info(self):
        return {'certPath': self.cert_path, 'serverCertPath': self.server_cert_path}
