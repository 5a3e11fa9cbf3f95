"""The NTLM proxy's open tunnels, so that the control API can cut them as a proxy would (POST /drop-tunnels).

A tunnel carries HTTP/1.1 (in TLS) one request at a time, so the direction its last bytes went says
what it is doing without reading them: towards the server, a request waiting for its answer (a
Receive long-poll: "busy"); towards the client, an answer, and once nothing has moved for a while
an idle kept-alive connection ("idle"). An answer still streaming is neither and is left alone.
"""
import itertools
import socket
import threading
import time

UP = 'up'  # client -> server
DOWN = 'down'  # server -> client
WHICH = ('all', 'idle', 'busy')


class _Tunnel:
    __slots__ = ('client', 'upstream', 'last', 'moved_at')

    def __init__(self, client, upstream):
        self.client = client
        self.upstream = upstream
        self.last = None
        self.moved_at = time.monotonic()


class TunnelTable:
    def __init__(self, state):
        self._state = state
        self._lock = threading.Lock()
        self._ids = itertools.count(1)
        self._tunnels = {}

    def open(self, client, upstream):
        with self._lock:
            tunnel_id = next(self._ids)
            self._tunnels[tunnel_id] = _Tunnel(client, upstream)
            return tunnel_id

    def moved(self, tunnel_id, direction):
        """Bytes went one way through the tunnel (called by its two pipe threads)."""
        with self._lock:
            tunnel = self._tunnels.get(tunnel_id)
            if tunnel is not None:
                tunnel.last = direction
                tunnel.moved_at = time.monotonic()

    def close(self, tunnel_id):
        with self._lock:
            self._tunnels.pop(tunnel_id, None)

    def _matches(self, tunnel, which, quiet_s, now):
        if which == 'all':
            return True
        if which == 'busy':
            return tunnel.last == UP
        return tunnel.last != UP and now - tunnel.moved_at >= quiet_s

    def drop(self, which='all', quiet_ms=200):
        """Shuts down both sides of the tunnels that match; returns how many."""
        if which not in WHICH:
            raise ValueError(f'which must be one of {list(WHICH)}')
        if not isinstance(quiet_ms, (int, float)) or quiet_ms < 0:
            raise ValueError('quietMs must be a non-negative number')
        now = time.monotonic()
        with self._lock:
            chosen = [(tid, t) for tid, t in self._tunnels.items() if self._matches(t, which, quiet_ms / 1000, now)]
            for tid, _ in chosen:
                del self._tunnels[tid]
        for _, tunnel in chosen:
            for sock in (tunnel.client, tunnel.upstream):
                try:
                    sock.shutdown(socket.SHUT_RDWR)
                except OSError:
                    pass
        self._state.add('ntlmProxyTunnelsDropped', len(chosen))
        return len(chosen)

    def count(self):
        with self._lock:
            return len(self._tunnels)
