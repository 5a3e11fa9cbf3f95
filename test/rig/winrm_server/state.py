"""Counters the tests assert on, and the faults they inject; shared by all connection threads."""
import itertools
import os
import socket
import threading

DEFAULT_IDLE_TIMEOUT = 120.0  # HTTP.sys keeps an idle connection about this long

_FAULT_KEYS = {
    'closeAfterRequests': int,
    'idleTimeoutSeconds': float,
    'tamperNextEncryptedResponse': bool,
    'plaintextNextResponse': bool,
    'replayNextEncryptedResponse': bool,
    'otherRelatesToNextResponse': bool,
    'lineFeedDescriptionNextResponse': int,
    'slowReceiveMs': int,
    # The one-shot reply faults above hit only the reply to this operation (e.g. "Receive"), so a
    # test knows which reply was spoilt; unset, the next sealed reply of any operation.
    'oneShotFaultsOnlyOn': str,
}


def _cpu_seconds():
    # The server's own CPU and that of the commands it ran and reaped: what a client waits on.
    t = os.times()
    return t.user + t.system + t.children_user + t.children_system


class ServerState:
    def __init__(self):
        self._lock = threading.Lock()
        self._conn_ids = itertools.count(1)
        self.reset()

    def reset(self):
        with self._lock:
            self._cpu_at_reset = _cpu_seconds()
            self._counters = {
                'connectionsAccepted': 0,
                'connectionsOpen': 0,
                'handshakes': {'ntlm': 0, 'kerberos': 0},
                'handshakesByScheme': {'Negotiate': 0, 'Kerberos': 0},
                'handshakeFailures': 0,
                'basicAuthenticated': 0,
                'requests': 0,
                'unauthorized': 0,
                'decryptFailures': 0,
                'encryptedRequests': 0,
                'plaintextRequests': 0,
                'rejectedUnencrypted': 0,
                'channelBoundHandshakes': 0,
                'tlsResumed': 0,
                'badChannelBindings': 0,
                'shellsCreated': 0,
                'shellsDeleted': 0,
                'shellsOpen': 0,
                'commandsStarted': 0,
                'receiveTimeouts': 0,
                'faults': {},
                'closedByFault': 0,
                'tamperedResponses': 0,
                'lineFeedDescriptions': 0,
                'ntlmProxyTunnels': 0,
                'ntlmProxyDenied': 0,
                'ntlmProxyTunnelsDropped': 0,
                'connectionsDropped': 0,
                'shellsForgotten': 0,
            }
            # Open connections stay known (with zeroed counts, principal kept) so
            # per-connection faults keep working on keep-alive sockets that outlive a reset.
            previous = getattr(self, '_connections', {})
            self._sockets = getattr(self, '_sockets', {})  # open connection id -> its socket
            self._connections = {cid: dict(c, requests=0, handshakes=0)
                                 for cid, c in previous.items() if c['open']}
            self._counters['connectionsOpen'] = len(self._sockets)
            self._faults = {}

    def open_connection(self, tls, peer, sock):
        with self._lock:
            conn_id = next(self._conn_ids)
            self._counters['connectionsAccepted'] += 1
            self._counters['connectionsOpen'] += 1
            self._sockets[conn_id] = sock
            self._connections[conn_id] = {'id': conn_id, 'tls': tls, 'peerPort': peer[1], 'requests': 0,
                                          'handshakes': 0, 'open': True, 'principal': None}
            while len(self._connections) > 1000:
                del self._connections[next(iter(self._connections))]
            return conn_id

    def close_connection(self, conn_id):
        """The connection's thread is done with it (it may have been dropped before)."""
        with self._lock:
            self._mark_closed(conn_id)

    def _mark_closed(self, conn_id):
        if self._sockets.pop(conn_id, None) is None:
            return
        self._counters['connectionsOpen'] -= 1
        if conn_id in self._connections:
            self._connections[conn_id]['open'] = False

    def drop_connections(self):
        """Shuts down every open WinRM connection at once (POST /drop); returns how many."""
        with self._lock:
            sockets = list(self._sockets.items())
            for conn_id, _ in sockets:
                self._mark_closed(conn_id)
            self._counters['connectionsDropped'] += len(sockets)
        for _, sock in sockets:
            try:
                # socket.socket's own shutdown, also for an SSLSocket: the peer sees the TCP
                # connection end, and a thread blocked reading it (or later writing) fails.
                socket.socket.shutdown(sock, socket.SHUT_RDWR)
            except OSError:
                pass
        return len(sockets)

    def count_forgotten_shells(self, count):
        with self._lock:
            self._counters['shellsForgotten'] += count
            # Every shell is gone, whatever was created before the last reset.
            self._counters['shellsOpen'] = 0

    def set_principal(self, conn_id, principal):
        with self._lock:
            if conn_id in self._connections:
                self._connections[conn_id]['principal'] = principal

    def principal_of(self, conn_id):
        with self._lock:
            conn = self._connections.get(conn_id)
            return conn['principal'] if conn else None

    def count_request(self, conn_id):
        """Returns how many requests this connection has carried, this one included."""
        with self._lock:
            self._counters['requests'] += 1
            conn = self._connections.get(conn_id)
            if conn is None:
                return 0
            conn['requests'] += 1
            return conn['requests']

    def count_handshake(self, conn_id, scheme, mech):
        with self._lock:
            self._counters['handshakes'][mech] = self._counters['handshakes'].get(mech, 0) + 1
            self._counters['handshakesByScheme'][scheme] += 1
            if conn_id in self._connections:
                self._connections[conn_id]['handshakes'] += 1

    def add(self, name, amount=1):
        with self._lock:
            self._counters[name] += amount

    def count_fault(self, code):
        with self._lock:
            faults = self._counters['faults']
            faults[str(code)] = faults.get(str(code), 0) + 1

    def snapshot(self):
        with self._lock:
            counters = {k: (dict(v) if isinstance(v, dict) else v) for k, v in self._counters.items()}
            counters['connections'] = [dict(c) for c in self._connections.values()]
            counters['activeFaults'] = dict(self._faults)
            counters['cpuSec'] = round(_cpu_seconds() - self._cpu_at_reset, 3)
            return counters

    def set_faults(self, faults):
        """Merges fault settings; a null value clears one. Raises ValueError on unknown keys."""
        unknown = set(faults) - set(_FAULT_KEYS)
        if unknown:
            raise ValueError(f'unknown fault keys: {sorted(unknown)}; known: {sorted(_FAULT_KEYS)}')
        with self._lock:
            for key, value in faults.items():
                if value is None or value is False:
                    self._faults.pop(key, None)
                else:
                    self._faults[key] = _FAULT_KEYS[key](value)
            return dict(self._faults)

    def fault(self, key):
        with self._lock:
            return self._faults.get(key)

    def take_tamper(self):
        """One-shot: true once after tamperNextEncryptedResponse was set."""
        with self._lock:
            if self._faults.pop('tamperNextEncryptedResponse', False):
                self._counters['tamperedResponses'] += 1
                return True
            return False

    def take_line_feed_description(self):
        """One-shot: how many line feeds replace the next encrypted response's description part (0: none)."""
        with self._lock:
            count = self._faults.pop('lineFeedDescriptionNextResponse', 0) or 0
            if count > 0:
                self._counters['lineFeedDescriptions'] += 1
            return max(count, 0)

    def take_replay(self):
        """One-shot: true once after replayNextEncryptedResponse was set (send an earlier sealed reply again)."""
        with self._lock:
            return bool(self._faults.pop('replayNextEncryptedResponse', False))

    def take_other_relates_to(self):
        """One-shot: true once after otherRelatesToNextResponse was set (answer naming another MessageID)."""
        with self._lock:
            return bool(self._faults.pop('otherRelatesToNextResponse', False))

    def take_plaintext(self):
        """One-shot: true once after plaintextNextResponse was set (answer an encrypted request in clear)."""
        with self._lock:
            return bool(self._faults.pop('plaintextNextResponse', False))

    def idle_timeout(self):
        return self.fault('idleTimeoutSeconds') or DEFAULT_IDLE_TIMEOUT
