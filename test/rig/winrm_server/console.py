"""WinRS' interactive console for a bare `cmd`, answering as Windows' cmd.exe does under WinRS.

It writes a banner and the prompt `<cwd>>` (CRLF line ends, no newline after the prompt). Each
stdin line is a command: `cd` and `exit` are builtins, anything else runs as `/bin/sh -c LINE` in
the console's cwd and environment, in a process group of its own, its output passed through
byte for byte; when it exits the console writes CRLF and the prompt again.

Programs share the console's stdin the way cmd's children inherit its handle: a running program
reads what it wants of it, and the console reads the next command line (one byte at a time, so it
never takes input meant for the next program) only when no program runs.
"""
import os
import re
import select
import signal
import subprocess
import threading

from output import Output, exit_code_of

BANNER = b'Microsoft Windows [Version 10.0.20348]\r\n(c) WinRM Desk test server\r\n\r\n'
CRLF = b'\r\n'
INTERRUPT_ECHO = b'^C'
# Signal terminate ends the console as a SIGKILL would end a process.
TERMINATED = 128 + signal.SIGKILL
PATH_NOT_FOUND = b'The system cannot find the path specified.\r\n'
_READ_CHUNK = 65536
# After the console ends, how long a background process may keep its output pipes open.
_EOF_GRACE = 2.0
_FLUSH_WAIT = 5.0
_CD = re.compile(r'(?is)(?:cd|chdir)(?=$|[\s.\\/])\s*(.*)')
_EXIT = re.compile(r'(?is)exit(?:\s+(.*))?')
_CD_DRIVE_FLAG = re.compile(r'(?i)/d(?:\s+|$)')


def is_console(command_line):
    return command_line.strip().lower() in ('cmd', 'cmd.exe')


def _exit_argument(text):
    parts = (text or '').split()
    if parts and parts[0].lower() == '/b':
        parts = parts[1:]
    try:
        return int(parts[0]) if parts else 0
    except ValueError:
        return 0


class Console(Output):
    """The console process WinRS reports on: one command whose output is the whole session."""

    def __init__(self, cwd, env):
        super().__init__()
        self.cwd = cwd
        self._env = dict(env)
        self._lock = threading.Lock()  # guards the fields below and every write to the output pipes
        self._flushed = threading.Condition(self._lock)
        self._program = None           # the Popen of the running program, if any
        self._partial = bytearray()    # the command line read so far
        self._interrupt = False        # ctrl_c at the prompt, until the reader has flushed the input
        self._ending = False           # terminate (or Delete) asked, or the console is over
        self._last_code = 0
        self._stdin_lock = threading.Lock()
        self._stdin_r, self._stdin_w = os.pipe()
        self._wake_r, self._wake_w = os.pipe()
        out_r, self._out_w = os.pipe()
        err_r, self._err_w = os.pipe()
        for name, fd in (('stdout', out_r), ('stderr', err_r)):
            threading.Thread(target=self._pump_fd, args=(name, fd), daemon=True).start()
        with self._lock:
            self._write(self._out_w, BANNER + self._prompt())
        threading.Thread(target=self._run, name='console', daemon=True).start()

    # -- WinRS side: the interface operations.py uses, as for a plain Command --

    def send_input(self, data, end):
        with self._stdin_lock:
            if self._stdin_w is None:
                return
            try:
                self._write(self._stdin_w, data)
                if end:
                    os.close(self._stdin_w)
                    self._stdin_w = None
            except OSError:
                pass

    def signal(self, signum):
        with self._lock:
            if self._ending:
                return
            if signum == signal.SIGKILL:
                # terminate: the program and the console end; Receive reports Done.
                self._ending = True
                self._signal_program(signal.SIGKILL)
                os.write(self._wake_w, b'.')
            elif self._program is not None:
                # ctrl_c (or ctrl_break) reaches the program's group only; the prompt follows when it exits.
                self._signal_program(signum)
                self._write(self._out_w, INTERRUPT_ECHO)
            else:
                # At the prompt: the reader drops the typed-ahead input and writes ^C and a prompt.
                # The Signal is answered once it has, so input sent after it is kept.
                self._interrupt = True
                os.write(self._wake_w, b'.')
                self._flushed.wait_for(lambda: not self._interrupt or self._ending, timeout=_FLUSH_WAIT)

    def kill(self):
        self.signal(signal.SIGKILL)

    # -- the console itself --

    def _prompt(self):
        return os.fsencode(self.cwd) + b'>'

    @staticmethod
    def _write(fd, data):
        view = memoryview(data)
        while view:
            try:
                written = os.write(fd, view)
            except BrokenPipeError:
                return
            view = view[written:]

    def _pump_fd(self, name, fd):
        try:
            self._pump(name, lambda: os.read(fd, _READ_CHUNK))
        finally:
            os.close(fd)

    def _signal_program(self, signum):
        if self._program is None:
            return
        try:
            os.killpg(self._program.pid, signum)
        except ProcessLookupError:
            pass

    def _run(self):
        code = TERMINATED
        try:
            code = self._loop()
        finally:
            with self._lock:
                self._ending = True
                self._flushed.notify_all()
                for fd in (self._stdin_r, self._out_w, self._err_w, self._wake_r, self._wake_w):
                    os.close(fd)
            with self._stdin_lock:
                if self._stdin_w is not None:
                    os.close(self._stdin_w)
                    self._stdin_w = None
            self._set_exit(code)
            self._force_eof_after(_EOF_GRACE)

    def _read_byte(self):
        """(woken, byte): one byte of stdin (b'' at its end), or woken by a signal."""
        poller = select.poll()
        poller.register(self._stdin_r, select.POLLIN)
        poller.register(self._wake_r, select.POLLIN)
        try:
            ready = {fd for fd, _ in poller.poll()}
            if self._wake_r in ready:
                os.read(self._wake_r, 64)
                return True, b''
            return False, os.read(self._stdin_r, 1)
        except OSError:
            return False, b''

    def _flush_input(self):
        """ctrl_c at the prompt (under the lock): drop the half-typed line and whatever input is queued."""
        poller = select.poll()
        poller.register(self._stdin_r, select.POLLIN)
        while poller.poll(0):
            if not os.read(self._stdin_r, _READ_CHUNK):
                break  # its end stays for the loop to see
        self._partial.clear()
        self._interrupt = False
        self._write(self._out_w, INTERRUPT_ECHO + CRLF + self._prompt())
        self._flushed.notify_all()

    def _loop(self):
        """Reads and runs command lines; returns the console's exit code."""
        while True:
            woken, byte = self._read_byte()
            with self._lock:
                if self._ending:
                    return TERMINATED
                if self._interrupt:
                    self._flush_input()  # a byte read just now was typed ahead too
                    continue
                if woken:
                    continue
                if byte and byte != b'\n':
                    self._partial += byte
                    continue
                if not byte and not self._partial:
                    # stdin ended: the console ends with the last command's exit code.
                    return self._last_code
                line = bytes(self._partial).rstrip(b'\r')
                self._partial.clear()
                exit_code, program = self._dispatch(line)
            if exit_code is not None:
                return exit_code
            if program is None:
                continue
            code = exit_code_of(program.wait())
            with self._lock:
                self._program = None
                self._last_code = code
                if self._ending:
                    return TERMINATED
                self._write(self._out_w, CRLF + self._prompt())

    def _dispatch(self, line):
        """Runs one command line (under the lock); returns (exit code if `exit`, the started program)."""
        text = os.fsdecode(line).strip()
        if not text:
            self._write(self._out_w, CRLF + self._prompt())
            return None, None
        found = _EXIT.fullmatch(text)
        if found:
            return _exit_argument(found.group(1)), None
        found = _CD.fullmatch(text)
        if found:
            self._cd(found.group(1))
            self._write(self._out_w, CRLF + self._prompt())
            return None, None
        try:
            self._program = subprocess.Popen(
                ['/bin/sh', '-c', line], stdin=self._stdin_r, stdout=self._out_w, stderr=self._err_w,
                cwd=self.cwd, env=dict(self._env, PWD=self.cwd), start_new_session=True)
        except OSError as e:
            self._write(self._err_w, f'{e.strerror or e}\r\n'.encode())
            self._last_code = 1
            self._write(self._out_w, CRLF + self._prompt())
            return None, None
        return None, self._program

    def _cd(self, argument):
        argument = argument.strip()
        flag = _CD_DRIVE_FLAG.match(argument)
        if flag:
            argument = argument[flag.end():]
        argument = argument.strip().strip('"')
        if not argument:
            # A bare cd prints the current directory, as cmd does.
            self._write(self._out_w, os.fsencode(self.cwd) + CRLF)
            return
        target = os.path.normpath(os.path.join(self.cwd, argument))
        if os.path.isdir(target) and os.access(target, os.X_OK):
            self.cwd = target
            self._last_code = 0
        else:
            self._write(self._err_w, PATH_NOT_FOUND)
            self._last_code = 1
