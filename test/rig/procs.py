"""Child processes of the rig: started, awaited and stopped by their own PIDs only."""
import ctypes
import os
import signal
import socket
import subprocess
import sys
import time

_PR_SET_PDEATHSIG = 1
_libc = ctypes.CDLL(None, use_errno=True)


def _die_with_parent():
    # If the supervisor is SIGKILLed its teardown never runs; the kernel then
    # sends SIGTERM to each child so nothing outlives the rig.
    _libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM, 0, 0, 0)


class Child:
    """One long-running component process, its log file and how to stop it."""

    def __init__(self, name, argv, log_path, env=None, cwd=None):
        self.name = name
        self.argv = argv
        self.log_path = log_path
        self._log = open(log_path, 'ab')
        self.proc = subprocess.Popen(
            argv, stdin=subprocess.DEVNULL, stdout=self._log, stderr=subprocess.STDOUT,
            env=env, cwd=cwd, preexec_fn=_die_with_parent)

    @property
    def pid(self):
        return self.proc.pid

    def check_alive(self):
        code = self.proc.poll()
        if code is not None:
            raise RuntimeError(f'{self.name} exited with {code}; see {self.log_path}:\n{tail(self.log_path)}')

    def terminate(self):
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)

    def stop(self, grace=5.0):
        """Terminates (if not yet asked to) and waits, killing after grace seconds."""
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGTERM)
            try:
                self.proc.wait(grace)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self._log.close()


def guarded(argv):
    """argv run under guard.py, for commands that drop privileges (see guard.py)."""
    return [sys.executable, os.path.join(os.path.dirname(os.path.abspath(__file__)), 'guard.py'), *argv]


def tail(path, lines=20):
    try:
        with open(path, 'rb') as f:
            return b'\n'.join(f.read().splitlines()[-lines:]).decode(errors='replace')
    except OSError:
        return ''


def wait_tcp(child, port, host='127.0.0.1', timeout=15.0):
    """Waits until the child accepts TCP on port; fails early if it died."""
    deadline = time.monotonic() + timeout
    while True:
        child.check_alive()
        try:
            with socket.create_connection((host, port), timeout=0.5):
                return
        except OSError:
            if time.monotonic() > deadline:
                raise RuntimeError(f'{child.name} did not listen on {host}:{port} within {timeout}s; '
                                   f'see {child.log_path}:\n{tail(child.log_path)}')
            time.sleep(0.05)


def run(argv, env=None, input=None):
    """Runs a setup command and raises with its output when it fails."""
    result = subprocess.run(argv, env=env, input=input, capture_output=True)
    if result.returncode != 0:
        raise RuntimeError(f'{argv[0]} failed ({result.returncode}): '
                           f'{result.stderr.decode(errors="replace")}{result.stdout.decode(errors="replace")}')
    return result.stdout


def chown_to(path, user):
    import pwd
    entry = pwd.getpwnam(user)
    os.chown(path, entry.pw_uid, entry.pw_gid)
