"""WS-Management envelopes: read what a request asks, write responses and faults the way Windows does."""
import re
import uuid
import xml.etree.ElementTree as ET
from xml.sax.saxutils import escape, quoteattr

NS = {
    's': 'http://www.w3.org/2003/05/soap-envelope',
    'a': 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
    'x': 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
    'w': 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
    'rsp': 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell',
    'p': 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd',
}
# Windows also declares these two on fault envelopes.
FAULT_NS = dict(NS, e='http://schemas.xmlsoap.org/ws/2004/08/eventing',
                n='http://schemas.xmlsoap.org/ws/2004/09/enumeration')
F_NS = 'http://schemas.microsoft.com/wbem/wsman/1/wsmanfault'
ANONYMOUS = 'http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous'
FAULT_ACTION = 'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault'
DEFAULT_MAX_ENVELOPE = 153600  # WinRM's MaxEnvelopeSizekb default, 150 KiB
DEFAULT_OPERATION_TIMEOUT = 60.0
_DURATION = re.compile(r'^P(?:(\d+)D)?(?:T(?:(\d+)H)?(?:(\d+)M)?(?:(\d+(?:\.\d+)?)S)?)?$')


class WsmanFault(Exception):
    """A fault to send: HTTP 500 with a SOAP Fault carrying a WSManFault detail."""

    def __init__(self, code, subcode, wsman_code, reason, message=None, detail_uri=None):
        super().__init__(reason)
        self.code = code
        self.subcode = subcode
        self.wsman_code = wsman_code
        self.reason = reason
        self.message = message or reason
        self.detail_uri = detail_uri


def _q(prefix, name):
    return f'{{{NS[prefix]}}}{name}'


def parse_duration(text):
    match = _DURATION.match((text or '').strip())
    if not match:
        return None
    d, h, m, s = match.groups()
    return int(d or 0) * 86400 + int(h or 0) * 3600 + int(m or 0) * 60 + float(s or 0)


class Request:
    """The parts of a WS-Management request a WinRS operation needs."""

    def __init__(self, xml_bytes):
        try:
            self.root = ET.fromstring(xml_bytes)
        except ET.ParseError as e:
            raise WsmanFault('s:Sender', 'w:SchemaValidationError', 2150858817,
                             'The SOAP XML in the message does not match the corresponding XML schema definition.',
                             f'The XML is not well formed: {e}') from e
        if self.root.tag != _q('s', 'Envelope'):
            raise WsmanFault('s:Sender', 'w:SchemaValidationError', 2150858817,
                             'The SOAP XML in the message does not match the corresponding XML schema definition.')
        header = self.root.find(_q('s', 'Header'))
        self.header = header if header is not None else ET.Element('none')
        self.body = self.root.find(_q('s', 'Body'))
        self.action = self._text('a', 'Action')
        self.message_id = self._text('a', 'MessageID')
        self.resource_uri = self._text('w', 'ResourceURI')
        self.operation_timeout = parse_duration(self._text('w', 'OperationTimeout')) or DEFAULT_OPERATION_TIMEOUT
        try:
            self.max_envelope = int(self._text('w', 'MaxEnvelopeSize') or DEFAULT_MAX_ENVELOPE)
        except ValueError:
            self.max_envelope = DEFAULT_MAX_ENVELOPE
        self.selectors = {el.get('Name'): (el.text or '').strip()
                          for el in self.header.iter(_q('w', 'Selector'))}
        self.options = {el.get('Name'): (el.text or '').strip()
                        for el in self.header.iter(_q('w', 'Option'))}

    def _text(self, prefix, name):
        el = self.header.find(_q(prefix, name))
        return el.text.strip() if el is not None and el.text else None

    def body_child(self, prefix, name):
        return None if self.body is None else self.body.find(_q(prefix, name))


def _envelope(namespaces, action, relates_to, body):
    decls = ' '.join(f'xmlns:{p}="{FAULT_NS[p]}"' for p in namespaces)
    relates = f'<a:RelatesTo>{escape(relates_to)}</a:RelatesTo>' if relates_to else ''
    return (f'<s:Envelope xml:lang="en-US" {decls}><s:Header>'
            f'<a:Action>{escape(action)}</a:Action>'
            f'<a:MessageID>uuid:{str(uuid.uuid4()).upper()}</a:MessageID>'
            f'<a:To>{ANONYMOUS}</a:To>{relates}</s:Header>'
            f'<s:Body>{body}</s:Body></s:Envelope>').encode('utf-8')


def response(request, action, body, namespaces=('s', 'a', 'x', 'w', 'rsp', 'p')):
    return _envelope(namespaces, action, request.message_id if request else None, body)


def fault(request, f, machine):
    detail_uri = f'<w:FaultDetail>{escape(f.detail_uri)}</w:FaultDetail>' if f.detail_uri else ''
    body = (f'<s:Fault><s:Code><s:Value>{f.code}</s:Value><s:Subcode><s:Value>{f.subcode}</s:Value>'
            f'</s:Subcode></s:Code><s:Reason><s:Text xml:lang="en-US">{escape(f.reason)}</s:Text></s:Reason>'
            f'<s:Detail>{detail_uri}<f:WSManFault xmlns:f="{F_NS}" Code="{f.wsman_code}" Machine={quoteattr(machine)}>'
            f'<f:Message>{escape(f.message)}</f:Message></f:WSManFault></s:Detail></s:Fault>')
    return _envelope(('s', 'a', 'x', 'e', 'n', 'w', 'p'), FAULT_ACTION,
                     request.message_id if request else None, body)


def timed_out():
    text = 'The WS-Management service cannot complete the operation within the time specified in OperationTimeout.  '
    return WsmanFault('s:Receiver', 'w:TimedOut', 2150858793, text)


def shell_not_found(shell_id):
    return WsmanFault(
        's:Sender', 'w:InvalidSelectors', 2150858843,
        'The WS-Management service cannot process the request because the request contained invalid selectors '
        'for the resource. ',
        f'The request for the Windows Remote Shell with ShellId {shell_id} failed because the shell was not found '
        'on the server. Possible causes are: the specified ShellId is incorrect or the shell no longer exists on '
        'the server. Provide the correct ShellId or create a new shell and retry the operation. ',
        detail_uri='http://schemas.dmtf.org/wbem/wsman/1/wsman/faultDetail/UnexpectedSelectors')


def action_not_supported(action):
    return WsmanFault('s:Sender', 'a:ActionNotSupported', 2150858754,
                      'The action is not supported by the service. ',
                      f'The WS-Management service cannot process the request because the action {action} '
                      'is not supported. ')


def invalid_parameter(message):
    return WsmanFault('s:Sender', 'w:InvalidParameter', 2150858846,
                      'The parameter is incorrect. ', message)
