"""Buffered command output as WinRS' Receive takes it: shared by plain commands and the console."""
import threading
import time
import uuid

STREAMS = ('stdout', 'stderr')


def new_id():
    return str(uuid.uuid4()).upper()


class Output:
    """Output buffered per stream until a Receive takes it, and the exit code once done."""

    def __init__(self):
        self.id = new_id()
        self._cond = threading.Condition()
        self._buffers = {name: bytearray() for name in STREAMS}
        self._eof = {name: False for name in STREAMS}
        self._forced_eof = False
        self.exit_code = None

    def _pump(self, name, read):
        while True:
            try:
                chunk = read()
            except (OSError, ValueError):
                chunk = b''
            with self._cond:
                if self._forced_eof:
                    # Output after a forced end (a straggler holding the pipe) goes nowhere.
                    if not chunk:
                        return
                    continue
                if not chunk:
                    self._eof[name] = True
                    self._cond.notify_all()
                    return
                self._buffers[name] += chunk
                self._cond.notify_all()

    def _set_exit(self, code):
        with self._cond:
            self.exit_code = code
            self._cond.notify_all()

    def _force_eof_after(self, grace):
        """Once exited: waits up to grace seconds for the pipes' EOF, then declares it."""
        deadline = time.monotonic() + grace
        with self._cond:
            while not all(self._eof.values()):
                remaining = deadline - time.monotonic()
                if remaining <= 0:
                    self._forced_eof = True
                    for name in STREAMS:
                        self._eof[name] = True
                    self._cond.notify_all()
                    return
                self._cond.wait(remaining)

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


def exit_code_of(returncode):
    # A signal death reads as the shell's 128+N, which is what a script would
    # see; Windows has no such notion.
    return returncode if returncode >= 0 else 128 - returncode
