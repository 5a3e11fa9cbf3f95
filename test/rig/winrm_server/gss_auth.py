"""GSSAPI acceptor for Negotiate/Kerberos, and WinRM's message wrap/unwrap on its context.

All cryptography is MIT krb5's and gss-ntlmssp's: a raw NTLMSSP token, SPNEGO
with Kerberos or NTLM inside, or a bare Kerberos token all go to one
default acceptor, which picks the mechanism from the token.
"""
import hashlib
import struct

import gssapi
import gssapi.raw as graw
from cryptography import x509

NTLM_OID = gssapi.OID.from_int_seq('1.3.6.1.4.1.311.2.2.10')
KRB5_OIDS = {gssapi.OID.from_int_seq('1.2.840.113554.1.2.2'), gssapi.OID.from_int_seq('1.2.840.48018.1.2.2')}
NTLM_SIGNATURE_LENGTH = 16


class AuthFailed(Exception):
    pass


def tls_server_end_point(cert_der):
    """RFC 5929 channel binding data: the certificate hashed with its signature hash (MD5/SHA-1 become SHA-256)."""
    cert = x509.load_der_x509_certificate(cert_der)
    algorithm = cert.signature_hash_algorithm
    name = algorithm.name if algorithm else 'sha256'
    if name in ('md5', 'sha1'):
        name = 'sha256'
    return b'tls-server-end-point:' + hashlib.new(name, cert_der).digest()


class Acceptor:
    """One security context, owned by one TCP connection."""

    def __init__(self, channel_binding_data=None):
        bindings = None
        if channel_binding_data is not None:
            bindings = graw.ChannelBindings(application_data=channel_binding_data)
        self._ctx = gssapi.SecurityContext(usage='accept', channel_bindings=bindings)

    def step(self, token):
        """Feeds a client token; returns the server token (or None)."""
        try:
            out = self._ctx.step(token)
            # A refusal the library reports late (bad channel bindings) surfaces here, not in step.
            self._complete = self._ctx.complete
            return out
        except graw.misc.GSSError as e:
            raise AuthFailed(str(e)) from e

    @property
    def complete(self):
        return getattr(self, '_complete', False)

    @property
    def mech(self):
        mech = self._ctx.mech
        if mech == NTLM_OID:
            return 'ntlm'
        if mech in KRB5_OIDS:
            return 'kerberos'
        return str(mech)

    @property
    def channel_bound(self):
        # MIT 1.19+ reports that the initiator's bindings matched ours; a client that sent none is
        # accepted too, without this flag.
        return bool(int(self._ctx.actual_flags) & 2048) if self._ctx.complete else False

    @property
    def peer(self):
        # gss-ntlmssp's display name carries a trailing NUL.
        return str(self._ctx.initiator_name).rstrip('\x00')

    def unwrap_winrm(self, header, data):
        """Verifies and decrypts one encrypted part (header = NTLM signature or Kerberos wrap header)."""
        try:
            # Both layouts are a complete GSS wrap token once joined: NTLM's is
            # signature||sealed, Kerberos' is the RFC 4121 header (with the
            # trailer rotated into it, RRC) followed by the encrypted data.
            result = self._ctx.unwrap(header + data)
        except graw.misc.GSSError as e:
            raise AuthFailed(str(e)) from e
        if not result.encrypted:
            raise AuthFailed('message was signed but not sealed')
        return result.message

    def wrap_winrm(self, message):
        """Returns (header, encrypted data) the way Windows frames them."""
        if self.mech == 'ntlm':
            # gss-ntlmssp has no wrap_iov; its wrap output already is the
            # 16-byte signature followed by the sealed data.
            token = self._ctx.wrap(message, True).message
            return token[:NTLM_SIGNATURE_LENGTH], token[NTLM_SIGNATURE_LENGTH:]
        iov = graw.IOV(graw.IOVBufferType.header, message, graw.IOVBufferType.padding, std_layout=False)
        graw.wrap_iov(self._ctx, iov, confidential=True)
        header, data, padding = (buf.value or b'' for buf in iov)
        return header, data + padding


def pack_encrypted(header, data):
    return struct.pack('<I', len(header)) + header + data


def unpack_encrypted(blob):
    if len(blob) < 4:
        raise AuthFailed('encrypted part shorter than its length prefix')
    (length,) = struct.unpack('<I', blob[:4])
    if length > len(blob) - 4:
        raise AuthFailed('encrypted part header length exceeds the part')
    return blob[4:4 + length], blob[4 + length:]
