"""The WinRS operations: Create, Command, Send, Receive, Signal, Delete on a ShellTable."""
import base64
import os
import signal
import time
from xml.sax.saxutils import escape

import soap
from shells import STREAMS, Shell

SHELL_URI = 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell'
CMD_RESOURCE = SHELL_URI + '/cmd'
TRANSFER = 'http://schemas.xmlsoap.org/ws/2004/09/transfer'
SIGNALS = {
    SHELL_URI + '/signal/terminate': signal.SIGKILL,
    SHELL_URI + '/signal/ctrl_c': signal.SIGINT,
    SHELL_URI + '/signal/ctrl_break': signal.SIGQUIT,
}
# What a ReceiveResponse costs beyond its base64 payload: envelope, headers,
# stream and CommandState elements. Generous, so the response stays under
# the client's MaxEnvelopeSize.
_RECEIVE_OVERHEAD = 2048
# The rig's own secrets must not leak into commands run by tests.
_PRIVATE_ENV = ('KRB5_KTNAME', 'KRB5_CLIENT_KTNAME', 'NTLM_USER_FILE', 'KRB5RCACHEDIR', 'WINRM_RIG_CONFIG')


def _rsp(name):
    return f'{{{SHELL_URI}}}{name}'


class Operations:
    def __init__(self, shells, state, machine, endpoint_for):
        self._shells = shells
        self._state = state
        self.machine = machine
        self._endpoint_for = endpoint_for
        self._env = {k: v for k, v in os.environ.items() if k not in _PRIVATE_ENV}

    def handle(self, request, ctx):
        """Returns the response envelope bytes; raises soap.WsmanFault."""
        action = request.action or ''
        if request.resource_uri and request.resource_uri != CMD_RESOURCE:
            raise soap.WsmanFault('s:Sender', 'w:DestinationUnreachable', 2150858770,
                                  'The WS-Management service cannot process the request because the resource '
                                  'URI is not supported by this test server. ',
                                  f'Unsupported ResourceURI {request.resource_uri}')
        handlers = {
            TRANSFER + '/Create': self._create,
            SHELL_URI + '/Command': self._command,
            SHELL_URI + '/Send': self._send,
            SHELL_URI + '/Receive': self._receive,
            SHELL_URI + '/Signal': self._signal,
            TRANSFER + '/Delete': self._delete,
        }
        handler = handlers.get(action)
        if handler is None:
            raise soap.action_not_supported(action)
        return handler(request, ctx)

    def _shell(self, request):
        shell_id = request.selectors.get('ShellId')
        shell = self._shells.get(shell_id)
        if shell is None:
            raise soap.shell_not_found(shell_id)
        return shell

    def _command_of(self, shell, command_id):
        command = shell.command((command_id or '').upper())
        if command is None:
            raise soap.invalid_parameter(f'The CommandId {command_id} is not valid for ShellId {shell.id}. ')
        return command

    def _create(self, request, ctx):
        body = request.body_child('rsp', 'Shell')
        if body is None:
            raise soap.invalid_parameter('Create needs an rsp:Shell body. ')
        cwd = body.findtext(_rsp('WorkingDirectory'))
        env = dict(self._env)
        for var in body.iter(_rsp('Variable')):
            env[var.get('Name')] = var.text or ''
        shell = Shell(ctx['user'], ctx['client_ip'], cwd, env)
        self._shells.add(shell)
        self._state.add('shellsCreated')
        self._state.add('shellsOpen')
        address = self._endpoint_for(ctx)
        out = (f'<x:ResourceCreated><a:Address>{escape(address)}</a:Address><a:ReferenceParameters>'
               f'<w:ResourceURI>{CMD_RESOURCE}</w:ResourceURI><w:SelectorSet>'
               f'<w:Selector Name="ShellId">{shell.id}</w:Selector></w:SelectorSet></a:ReferenceParameters>'
               f'</x:ResourceCreated><rsp:Shell xmlns:rsp="{SHELL_URI}"><rsp:ShellId>{shell.id}</rsp:ShellId>'
               f'<rsp:ResourceUri>{CMD_RESOURCE}</rsp:ResourceUri><rsp:Owner>{escape(shell.owner)}</rsp:Owner>'
               f'<rsp:ClientIP>{escape(shell.client_ip)}</rsp:ClientIP>'
               f'<rsp:IdleTimeOut>{shell.idle_timeout}</rsp:IdleTimeOut>'
               '<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams>'
               '<rsp:ShellRunTime>P0DT0H0M0S</rsp:ShellRunTime><rsp:ShellInactivity>P0DT0H0M0S</rsp:ShellInactivity>'
               '</rsp:Shell>')
        return soap.response(request, TRANSFER + '/CreateResponse', out)

    def _command(self, request, ctx):
        shell = self._shell(request)
        line = request.body_child('rsp', 'CommandLine')
        if line is None or not (line.findtext(_rsp('Command')) or '').strip():
            raise soap.invalid_parameter('Command needs rsp:CommandLine/rsp:Command. ')
        parts = [line.findtext(_rsp('Command')).strip()]
        parts += [(arg.text or '') for arg in line.findall(_rsp('Arguments'))]
        command = shell.start(' '.join(parts))
        self._state.add('commandsStarted')
        out = f'<rsp:CommandResponse><rsp:CommandId>{command.id}</rsp:CommandId></rsp:CommandResponse>'
        return soap.response(request, SHELL_URI + '/CommandResponse', out)

    def _send(self, request, ctx):
        shell = self._shell(request)
        send = request.body_child('rsp', 'Send')
        if send is None:
            raise soap.invalid_parameter('Send needs an rsp:Send body. ')
        for stream in send.findall(_rsp('Stream')):
            command = self._command_of(shell, stream.get('CommandId'))
            data = base64.b64decode(stream.text or '')
            command.send_input(data, (stream.get('End') or '').lower() == 'true')
        return soap.response(request, SHELL_URI + '/SendResponse', '<rsp:SendResponse/>')

    def _receive(self, request, ctx):
        shell = self._shell(request)
        receive = request.body_child('rsp', 'Receive')
        desired = receive.find(_rsp('DesiredStream')) if receive is not None else None
        if desired is None:
            raise soap.invalid_parameter('Receive needs rsp:Receive/rsp:DesiredStream. ')
        command = self._command_of(shell, desired.get('CommandId'))
        streams = [s for s in (desired.text or 'stdout stderr').split() if s in STREAMS] or list(STREAMS)
        delay_ms = self._state.fault('slowReceiveMs')
        if delay_ms:
            time.sleep(delay_ms / 1000)
        budget = max(1024, (request.max_envelope - _RECEIVE_OVERHEAD) * 3 // 4)
        result = command.receive(streams, budget, request.operation_timeout)
        if result is None:
            self._state.add('receiveTimeouts')
            raise soap.timed_out()
        chunks, done, exit_code = result
        cid = command.id
        out = ['<rsp:ReceiveResponse>']
        for name, data, end in chunks:
            end_attr = ' End="true"' if end else ''
            out.append(f'<rsp:Stream Name="{name}" CommandId="{cid}"{end_attr}>'
                       f'{base64.b64encode(data).decode()}</rsp:Stream>')
        if done:
            out.append(f'<rsp:CommandState CommandId="{cid}" State="{SHELL_URI}/CommandState/Done">'
                       f'<rsp:ExitCode>{exit_code}</rsp:ExitCode></rsp:CommandState>')
        else:
            out.append(f'<rsp:CommandState CommandId="{cid}" State="{SHELL_URI}/CommandState/Running"/>')
        out.append('</rsp:ReceiveResponse>')
        return soap.response(request, SHELL_URI + '/ReceiveResponse', ''.join(out))

    def _signal(self, request, ctx):
        shell = self._shell(request)
        body = request.body_child('rsp', 'Signal')
        if body is None:
            raise soap.invalid_parameter('Signal needs an rsp:Signal body. ')
        command = self._command_of(shell, body.get('CommandId'))
        code = (body.findtext(_rsp('Code')) or '').strip()
        if code not in SIGNALS:
            raise soap.invalid_parameter(f'Unsupported signal code {code}. ')
        command.signal(SIGNALS[code])
        if SIGNALS[code] == signal.SIGKILL:
            shell.forget(command.id)
        return soap.response(request, SHELL_URI + '/SignalResponse', '<rsp:SignalResponse/>')

    def _delete(self, request, ctx):
        shell = self._shells.remove(request.selectors.get('ShellId'))
        if shell is None:
            raise soap.shell_not_found(request.selectors.get('ShellId'))
        shell.close()
        self._state.add('shellsDeleted')
        self._state.add('shellsOpen', -1)
        return soap.response(request, TRANSFER + '/DeleteResponse', '', namespaces=('s', 'a', 'w', 'p'))
