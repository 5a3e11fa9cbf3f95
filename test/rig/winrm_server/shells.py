"""WinRS shells backed by real processes on this machine."""
import os
import signal
import subprocess
import threading
import time
import uuid

STREAMS = ('stdout', 'stderr')
_READ_CHUNK = 65536


def _new_id():
    return str(uuid.uuid4()).upper()


class Command:
    """One process: its output buffered per stream until a Receive takes it."""

    def __init__(self, command_line, cwd, env):
        self.id = _new_id()
        self._cond = threading.Condition()
        self._buffers = {name: bytearray() for name in STREAMS}
        self._eof = {name: False for name in STREAMS}
        self.exit_code = None
        # A bare "cmd" is WinRS' interactive shell: here /bin/sh reading stdin.
        argv = ['/bin/sh'] if command_line.strip().lower() == 'cmd' else ['/bin/sh', '-c', command_line]
        # A session of its own so Ctrl+C and terminate reach the whole process group.
        self.proc = subprocess.Popen(argv, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE,
                                     cwd=cwd, env=env, start_new_session=True)
        self._stdin_lock = threading.Lock()
        for name in STREAMS:
            threading.Thread(target=self._pump, args=(name,), daemon=True).start()
        threading.Thread(target=self._reap, daemon=True).start()

    def _pump(self, name):
        pipe = getattr(self.proc, name)
        while True:
            chunk = pipe.read1(_READ_CHUNK)
            with self._cond:
                if not chunk:
                    self._eof[name] = True
                    self._cond.notify_all()
                    return
                self._buffers[name] += chunk
                self._cond.notify_all()

    def _reap(self):
        code = self.proc.wait()
        with self._cond:
            # A signal death reads as the shell's 128+N, which is what a
            # script would see; Windows has no such notion.
            self.exit_code = code if code >= 0 else 128 - code
            self._cond.notify_all()

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

    def _done(self):
        return self.exit_code is not None and all(self._eof.values())

    def receive(self, streams, budget, timeout):
        """Blocks until output or completion (or timeout); returns (chunks, done, exit_code) or None on timeout.

        chunks is a list of (stream, bytes, end) with at most budget bytes in total.
        """
        deadline = time.monotonic() + timeout
        with self._cond:
            while not self._done() and not any(self._buffers[s] for s in streams):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    return None
                self._cond.wait(remaining)
            chunks = []
            for name in streams:
                buf = self._buffers[name]
                take = bytes(buf[:budget])
                del buf[:len(take)]
                budget -= len(take)
                end = self._eof[name] and not buf and self.exit_code is not None
                if take or end:
                    chunks.append((name, take, end))
            done = self._done() and not any(self._buffers[s] for s in STREAMS)
            return chunks, done, self.exit_code if done else None

    def kill(self):
        self.signal(signal.SIGKILL)
        try:
            self.proc.stdin.close()
        except (BrokenPipeError, ValueError, OSError):
            pass


class Shell:
    def __init__(self, owner, client_ip, working_directory, env, idle_timeout='PT7200.000S'):
        self.id = _new_id()
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
        with self._lock:
            shells, self._shells = list(self._shells.values()), {}
        for shell in shells:
            shell.close()
