"""Runs a program on a pseudo-terminal, types keys into it when its output shows given text; prints JSON.

Input (JSON on stdin): {"argv": [...], "env": {...}, "cwd": "...", "timeoutSec": 60,
                        "steps": [{"waitFor": "started", "delayMs": 0, "send": "\u0003"}, ...]}
Each step waits for its text after where the previous one matched, waits delayMs, then writes `send`
to the terminal (Ctrl-C is "\u0003": the line discipline turns it into SIGINT for the foreground
process group, as when a user presses it). Output: {"code": N | null, "signal": N | null,
"output": "...", "timedOut": bool} once the program has exited (or was killed at the timeout).
"""
import json
import os
import pty
import select
import signal
import sys
import time


def main():
    spec = json.load(sys.stdin)
    steps = list(spec.get('steps', []))
    deadline = time.monotonic() + float(spec.get('timeoutSec', 60))
    pid, fd = pty.fork()
    if pid == 0:
        try:
            os.chdir(spec['cwd'])
            os.execve(spec['argv'][0], spec['argv'], spec['env'])
        finally:
            os._exit(127)
    output = bytearray()
    searched_from = 0
    timed_out = False
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            timed_out = True
            os.kill(pid, signal.SIGKILL)
            break
        ready, _, _ = select.select([fd], [], [], min(remaining, 0.05))
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the program closed the terminal (it exited)
                break
            if not chunk:
                break
            output += chunk
        while steps:
            at = output.find(steps[0]['waitFor'].encode(), searched_from)
            if at < 0:
                break
            step = steps.pop(0)
            searched_from = at + len(step['waitFor'])
            time.sleep(step.get('delayMs', 0) / 1000)
            os.write(fd, step['send'].encode())
    _, status = os.waitpid(pid, 0)
    os.close(fd)
    result = {
        'code': os.WEXITSTATUS(status) if os.WIFEXITED(status) else None,
        'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        'output': output.decode('utf-8', 'replace'),
        'timedOut': timed_out,
        'pendingSteps': len(steps),
    }
    json.dump(result, sys.stdout)


if __name__ == '__main__':
    main()
