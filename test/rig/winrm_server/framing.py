"""MS-WSMV 2.2.9.1 multipart/encrypted bodies: parse a request's parts, build a response."""
import re

SPNEGO_PROTOCOL = 'application/HTTP-SPNEGO-session-encrypted'
KERBEROS_PROTOCOL = 'application/HTTP-Kerberos-session-encrypted'
BOUNDARY = b'--Encrypted Boundary'
_LENGTH = re.compile(rb'Length=(\d+)')
# Exchange endpoints write "-- Encrypted Boundary"; accept both spellings.
_BOUNDARY_SPLIT = re.compile(rb'-- ?Encrypted Boundary(?:--)?\r\n')


class FramingError(Exception):
    pass


def protocol_of(content_type):
    """The protocol parameter of a multipart/encrypted Content-Type, or None for any other type."""
    if not content_type or not content_type.lower().startswith('multipart/encrypted'):
        return None
    match = re.search(r'protocol="?([^";]+)"?', content_type, re.I)
    if not match:
        raise FramingError('multipart/encrypted without a protocol parameter')
    return match.group(1)


def protocol_for_scheme(scheme):
    return KERBEROS_PROTOCOL if scheme == 'Kerberos' else SPNEGO_PROTOCOL


def parse(body):
    """Yields (declared plaintext length, encrypted blob) for each part pair."""
    pieces = [p for p in _BOUNDARY_SPLIT.split(body) if p]
    if len(pieces) % 2:
        raise FramingError(f'expected header/data part pairs, got {len(pieces)} parts')
    for i in range(0, len(pieces), 2):
        header, data = pieces[i], pieces[i + 1]
        match = _LENGTH.search(header)
        if not match:
            raise FramingError('encrypted part without OriginalContent Length')
        prefix = b'\tContent-Type: application/octet-stream\r\n'
        if not data.startswith(prefix):
            raise FramingError('encrypted data part without its octet-stream header')
        yield int(match.group(1)), data[len(prefix):]


def build(protocol, plaintext_length, encrypted_blob, description=None):
    """`description` replaces the first part's header lines (fault injection)."""
    if description is None:
        description = (f'\tContent-Type: {protocol}\r\n'
                       f'\tOriginalContent: type=application/soap+xml;charset=UTF-8;Length={plaintext_length}\r\n').encode()
    # No CRLF between the encrypted bytes and the closing boundary: Windows
    # writes none and clients strip exactly the boundary line.
    return (BOUNDARY + b'\r\n'
            + description
            + BOUNDARY + b'\r\n'
            + b'\tContent-Type: application/octet-stream\r\n'
            + encrypted_blob
            + BOUNDARY + b'--\r\n')


def content_type(protocol):
    return f'multipart/encrypted;protocol="{protocol}";boundary="Encrypted Boundary"'
