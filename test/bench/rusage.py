"""Runs one client process and reports what it cost, for `npm run bench`.

    /usr/bin/python3 test/bench/rusage.py PROGRAM [ARGS...]

The program inherits stdin, stdout and stderr; once it has exited, one JSON line goes to fd 3:
{"exitCode", "signal", "wallSec", "userSec", "sysSec", "maxRssKiB"}. The figures are wait4's
rusage of that process (its own CPU time in every thread and its peak resident set), so neither
the bench's Node process nor the server's cost is counted, and wallSec runs from just before the
fork to the reap, so this wrapper's own start-up is not counted either. The same wrapper measures
both clients (our Node CLI and pywinrm's Python), so they are counted alike.
"""
import json
import os
import sys
import time


def main():
    argv = sys.argv[1:]
    if not argv:
        print('usage: rusage.py PROGRAM [ARGS...]', file=sys.stderr)
        return 2
    started = time.monotonic()
    pid = os.fork()
    if pid == 0:
        try:
            os.close(3)  # the report's pipe stays ours: the client must not hold it open
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.monotonic() - started
    exit_code = os.WEXITSTATUS(status) if os.WIFEXITED(status) else None
    report = {
        'exitCode': exit_code,
        'signal': os.WTERMSIG(status) if os.WIFSIGNALED(status) else None,
        'wallSec': wall,
        'userSec': usage.ru_utime,
        'sysSec': usage.ru_stime,
        'maxRssKiB': usage.ru_maxrss,
    }
    os.write(3, (json.dumps(report) + '\n').encode())
    return exit_code if exit_code is not None else 128 + os.WTERMSIG(status)


if __name__ == '__main__':
    sys.exit(main())
