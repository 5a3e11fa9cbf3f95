"""Authentication state of one TCP connection, as Windows' HTTP.sys keeps it.

Negotiate and Kerberos contexts belong to the connection: once a handshake
completes, later requests on that connection need no Authorization header,
and a new connection starts unauthenticated. Basic is checked per request.
"""
import base64
import hmac

from gss_auth import Acceptor, AuthFailed

GSS_SCHEMES = ('Negotiate', 'Kerberos')


class Outcome:
    """What the handler should do with a request after authentication.

    status None means proceed with the body; otherwise reply with that status
    and these WWW-Authenticate values (a handshake leg or a refusal).
    """

    def __init__(self, status=None, challenges=(), final_token=None, user=None, refused=False):
        self.status = status
        self.challenges = list(challenges)
        self.final_token = final_token
        self.user = user
        self.refused = refused


class ConnectionAuth:
    def __init__(self, config, tls, channel_binding_data, on_handshake):
        """on_handshake(scheme, mech, principal, detail) follows each handshake: detail is whether the
        client's channel bindings were verified, or the failure's reason when mech and principal are None."""
        self._config = config
        self._tls = tls
        self._cbt = channel_binding_data
        self._on_handshake = on_handshake
        self._pending = None  # (scheme, Acceptor) while a handshake is in progress
        self.context = None   # (scheme, Acceptor) once complete
        self.basic_user = None

    def offers(self):
        offers = []
        for scheme in self._config['schemes']:
            offers.append('Basic realm="WSMAN"' if scheme == 'Basic' else scheme)
        return offers

    def _refuse(self):
        self._pending = None
        return Outcome(401, self.offers(), refused=True)

    def authenticate(self, header):
        self.basic_user = None
        if not header:
            if self.context is not None:
                return Outcome(user=self.context[1].peer)
            return self._refuse()
        scheme_word, _, credentials = header.strip().partition(' ')
        scheme = {s.lower(): s for s in ('Negotiate', 'Kerberos', 'Basic')}.get(scheme_word.lower())
        if scheme is None or scheme not in self._config['schemes']:
            return self._refuse()
        if scheme == 'Basic':
            return self._basic(credentials.strip())
        return self._gss(scheme, credentials.strip())

    def _basic(self, credentials):
        # AllowUnencrypted=false: Windows refuses Basic over plain HTTP with a
        # 401, the same answer as a wrong password.
        if not self._tls and not self._config['allowUnencrypted']:
            return self._refuse()
        try:
            user, _, password = base64.b64decode(credentials).decode('utf-8').partition(':')
        except (ValueError, UnicodeDecodeError):
            return self._refuse()
        ok_user = hmac.compare_digest(user.encode(), self._config['basicUser'].encode())
        ok_password = hmac.compare_digest(password.encode(), self._config['basicPassword'].encode())
        if not (ok_user and ok_password):
            return self._refuse()
        self.basic_user = user
        return Outcome(user=user)

    def _gss(self, scheme, credentials):
        try:
            token = base64.b64decode(credentials, validate=True)
        except ValueError:
            return self._refuse()
        if self._pending is None or self._pending[0] != scheme:
            # A token on an authenticated connection starts over, as a client
            # re-authenticating on the same socket expects.
            self.context = None
            self._pending = (scheme, Acceptor(self._cbt if self._tls else None))
        acceptor = self._pending[1]
        try:
            out = acceptor.step(token)
        except AuthFailed as e:
            self._on_handshake(scheme, None, None, str(e))
            return self._refuse()
        leg = f'{scheme} {base64.b64encode(out).decode()}' if out else None
        if not acceptor.complete:
            return Outcome(401, [leg] if leg else [scheme])
        self._pending = None
        self.context = (scheme, acceptor)
        self._on_handshake(scheme, acceptor.mech, acceptor.peer, acceptor.channel_bound)
        return Outcome(final_token=leg, user=acceptor.peer)

    @property
    def scheme(self):
        if self.basic_user is not None:
            return 'Basic'
        return self.context[0] if self.context else None
