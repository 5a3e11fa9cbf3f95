"""Supervisor of the test rig: KDC, Squid, tinyproxy, a CA and the test WinRM server on loopback.

    /usr/bin/python3 test/rig/rig.py run --dir DIR [--allow-unencrypted]

Prints one JSON line (also DIR/rig.json) once every component answers, then
runs until SIGTERM/SIGINT or EOF on stdin, and stops only what it started.
"""
import sys

sys.dont_write_bytecode = True  # keep the repository free of __pycache__

import argparse  # noqa: E402
import json  # noqa: E402
import os  # noqa: E402
import secrets  # noqa: E402
import signal  # noqa: E402
import threading  # noqa: E402
import time  # noqa: E402

import packages  # noqa: E402
from ca import Ca  # noqa: E402
from kdc import Kdc  # noqa: E402
from squid import Squid  # noqa: E402
from tinyproxy import Tinyproxy  # noqa: E402
from winrm_service import WinrmServer  # noqa: E402


def _password():
    return 'Rig-' + secrets.token_hex(8)


def start(root, allow_unencrypted):
    """Starts every component; returns (info, children in start order)."""
    children = []
    try:
        began = time.monotonic()
        ca = Ca(root)
        ca_thread = threading.Thread(target=ca.create)
        ca_thread.start()
        kdc = Kdc(root, _password(), _password())
        kdc.create()
        kdc.start()
        children.append(kdc.child)
        squid = Squid(root, _password())
        squid.configure(kdc)
        squid.start()
        children.append(squid.child)
        tinyproxy = Tinyproxy(root)
        tinyproxy.start()
        children.append(tinyproxy.child)
        ca_thread.join()
        if not os.path.exists(ca.server_cert_path):
            raise RuntimeError('CA creation failed (see the error above)')
        winrm = WinrmServer(root, _password(), _password(), allow_unencrypted)
        winrm.configure(kdc, ca)
        winrm.start()
        children.append(winrm.child)
        for component in (kdc, squid, tinyproxy, winrm):
            component.wait()
        info = {
            'dir': root,
            'python': packages.PYTHON,
            'pids': {c.name: c.pid for c in children},
            'supervisorPid': os.getpid(),
            'startupMs': round((time.monotonic() - began) * 1000),
            'krb5': kdc.info(),
            'squid': squid.info(),
            'tinyproxy': tinyproxy.info(),
            'ca': ca.info(),
            'winrm': winrm.info(),
        }
        return info, children
    except BaseException:
        stop(children)
        raise


def stop(children):
    # All at once: Squid alone takes about two seconds to wind down.
    for child in reversed(children):
        child.terminate()
    for child in reversed(children):
        child.stop()


def _wait_for_stop():
    done = threading.Event()
    signal.signal(signal.SIGTERM, lambda *_: done.set())
    signal.signal(signal.SIGINT, lambda *_: done.set())

    def watch_stdin():
        # EOF on stdin means whoever started us is gone or done with us.
        # os.read, not sys.stdin: a daemon thread blocked inside the buffered
        # reader holds its lock and aborts interpreter shutdown.
        try:
            while os.read(0, 4096):
                pass
        except OSError:
            pass
        done.set()

    threading.Thread(target=watch_stdin, daemon=True).start()
    done.wait()


def main():
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    sub = parser.add_subparsers(dest='command', required=True)
    run = sub.add_parser('run', help='start the rig and keep it running')
    run.add_argument('--dir', required=True, help='directory for all state (a fresh temp dir)')
    run.add_argument('--allow-unencrypted', action='store_true',
                     help='let the WinRM server accept Basic and plaintext SOAP over HTTP')
    args = parser.parse_args()
    packages.ensure()
    root = os.path.abspath(args.dir)
    os.makedirs(root, exist_ok=True)
    # Squid and tinyproxy drop to unprivileged users that must reach their
    # subdirectories; 0711 lets them traverse without listing.
    os.chmod(root, 0o711)
    try:
        info, children = start(root, args.allow_unencrypted)
    except Exception as e:
        print(f'rig: {e}', file=sys.stderr, flush=True)
        return 1
    line = json.dumps(info)
    with open(os.path.join(root, 'rig.json'), 'w') as f:
        f.write(line + '\n')
    print(line, flush=True)
    try:
        _wait_for_stop()
    finally:
        stop(children)
    return 0


if __name__ == '__main__':
    sys.exit(main())
