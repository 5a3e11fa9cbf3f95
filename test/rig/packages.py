"""Makes sure the Debian packages the rig runs are installed."""
import os
import shutil
import subprocess

REQUIRED = (
    'krb5-kdc', 'krb5-admin-server', 'krb5-user', 'libkrb5-dev', 'gss-ntlmssp', 'python3-gssapi',
    'squid', 'tinyproxy', 'openssl', 'curl',
    'python3-winrm', 'python3-requests-ntlm', 'python3-requests-kerberos',
)
# Debian's interpreter: the one the python3-* packages install into.
PYTHON = '/usr/bin/python3'


def missing():
    if not shutil.which('dpkg-query'):
        raise RuntimeError('the rig needs a Debian-based system (dpkg-query not found)')
    result = subprocess.run(['dpkg-query', '-W', '-f=${Package} ${db:Status-Status}\n', *REQUIRED],
                            capture_output=True, text=True)
    installed = {line.split()[0] for line in result.stdout.splitlines() if line.endswith(' installed')}
    return [name for name in REQUIRED if name not in installed]


def ensure():
    absent = missing()
    if not absent:
        return
    if os.geteuid() != 0 or not shutil.which('apt-get'):
        raise RuntimeError('missing packages (install them as root): apt-get install -y ' + ' '.join(absent))
    env = dict(os.environ, DEBIAN_FRONTEND='noninteractive')
    # Debian starts services on install unless told not to; the rig runs its own.
    policy = '/usr/sbin/policy-rc.d'
    created_policy = not os.path.exists(policy)
    if created_policy:
        with open(policy, 'w') as f:
            f.write('#!/bin/sh\nexit 101\n')
        os.chmod(policy, 0o755)
    try:
        result = subprocess.run(['apt-get', 'install', '-y', '--no-install-recommends', *absent],
                                env=env, capture_output=True)
    finally:
        if created_policy:
            os.unlink(policy)
    still = missing()
    if result.returncode != 0 or still:
        raise RuntimeError(f'apt-get install failed for {" ".join(still or absent)}: '
                           f'{result.stderr.decode(errors="replace")[-2000:]}')
