"""Free loopback ports, handed out once each within a rig."""
import socket

_given = set()


def free_port():
    # Binding port 0 lets the kernel pick; the port is released immediately so a
    # component can bind it. Remembering handed-out ports avoids giving the same
    # one twice before any component has bound it.
    while True:
        with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
            s.bind(('127.0.0.1', 0))
            port = s.getsockname()[1]
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as u:
            try:
                u.bind(('127.0.0.1', port))
            except OSError:
                continue
        if port not in _given:
            _given.add(port)
            return port
