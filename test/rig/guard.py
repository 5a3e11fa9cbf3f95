"""Runs one command and ends it when the rig supervisor dies, even by SIGKILL.

    python3 guard.py COMMAND [ARG...]

The kernel's parent-death signal (set by procs.Child) is cleared when a
process changes its user, and Squid and tinyproxy drop to unprivileged users
right after starting. This guard keeps root, receives that signal for them
and passes SIGTERM on to the command it started.
"""
import signal
import subprocess
import sys


def main():
    child = subprocess.Popen(sys.argv[1:])

    def forward(signum, _frame):
        child.send_signal(signal.SIGTERM)

    signal.signal(signal.SIGTERM, forward)
    signal.signal(signal.SIGINT, forward)
    sys.exit(child.wait())


if __name__ == '__main__':
    main()
