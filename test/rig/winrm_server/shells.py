"""WinRS shells backed by real processes on this machine."""
import os
import signal
import subprocess
import threading
import time

from console import Console, is_console
from output import STREAMS, Output, exit_code_of, new_id

__all__ = ('STREAMS', 'Command', 'Shell', 'ShellTable')
_READ_CHUNK = 65536


class Command(Output):
    """One process (/bin/sh -c LINE) and its output."""

    def __init__(self, command_line, cwd, env):
        super().__init__()
        # A session of its own so Ctrl+C and terminate reach the whole process group.
        self.proc = subprocess.Popen(['/bin/sh', '-c', command_line], stdin=subprocess.PIPE,
                                     stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=cwd, env=env, start_new_session=True)
        self._stdin_lock = threading.Lock()
        for name in STREAMS:
            pipe = getattr(self.proc, name)
            threading.Thread(target=self._pump, args=(name, lambda pipe=pipe: pipe.read1(_READ_CHUNK)),
                             daemon=True).start()
        threading.Thread(target=self._reap, daemon=True).start()

    def _reap(self):
        self._set_exit(exit_code_of(self.proc.wait()))

    def send_input(self, data, end):
        with self._stdin_lock:
            try:
                if data:
                    self.proc.stdin.write(data)
                    self.proc.stdin.flush()
                if end:
                    self.proc.stdin.close()
            except (BrokenPipeError, ValueError):
                pass

    def signal(self, signum):
        try:
            os.killpg(self.proc.pid, signum)
        except ProcessLookupError:
            pass

    def kill(self):
        self.signal(signal.SIGKILL)
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass


class Shell:
    def __init__(self, owner, client_ip, working_directory, env, idle_timeout='PT7200.000S'):
        self.id = new_id()
        self.owner = owner
        self.client_ip = client_ip
        # Windows paths (C:\...) mean nothing here; they fall back to home.
        valid = working_directory and os.path.isdir(working_directory)
        self.cwd = working_directory if valid else os.path.expanduser('~')
        self.env = env
        self.idle_timeout = idle_timeout
        self.created = time.monotonic()
        self.commands = {}
        self._lock = threading.Lock()

    def start(self, command_line):
        # A bare "cmd" is WinRS' interactive console (console.py); anything else runs once under /bin/sh.
        if is_console(command_line):
            command = Console(self.cwd, self.env)
        else:
            command = Command(command_line, self.cwd, self.env)
        with self._lock:
            self.commands[command.id] = command
        return command

    def command(self, command_id):
        with self._lock:
            return self.commands.get(command_id)

    def forget(self, command_id):
        with self._lock:
            self.commands.pop(command_id, None)

    def close(self):
        with self._lock:
            commands, self.commands = list(self.commands.values()), {}
        for command in commands:
            command.kill()


class ShellTable:
    def __init__(self):
        self._lock = threading.Lock()
        self._shells = {}

    def add(self, shell):
        with self._lock:
            self._shells[shell.id] = shell

    def get(self, shell_id):
        with self._lock:
            return self._shells.get((shell_id or '').upper())

    def remove(self, shell_id):
        with self._lock:
            return self._shells.pop((shell_id or '').upper(), None)

    def count(self):
        with self._lock:
            return len(self._shells)

    def close_all(self):
        """Closes every shell (their processes killed); returns how many there were."""
        with self._lock:
            shells, self._shells = list(self._shells.values()), {}
        for shell in shells:
            shell.close()
        return len(shells)
