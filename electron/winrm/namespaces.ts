/** XML namespaces and URIs of WS-Management and the WinRS shell (MS-WSMV 2.2.1, DSP0226). */
export const NS = {
  soap: 'http://www.w3.org/2003/05/soap-envelope',
  addressing: 'http://schemas.xmlsoap.org/ws/2004/08/addressing',
  transfer: 'http://schemas.xmlsoap.org/ws/2004/09/transfer',
  wsman: 'http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd',
  msWsman: 'http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd',
  shell: 'http://schemas.microsoft.com/wbem/wsman/1/windows/shell',
  wsmanFault: 'http://schemas.microsoft.com/wbem/wsman/1/wsmanfault',
  xml: 'http://www.w3.org/XML/1998/namespace',
} as const;

export const ANONYMOUS = `${NS.addressing}/role/anonymous`;
export const CMD_RESOURCE_URI = `${NS.shell}/cmd`;

export const ACTION = {
  create: `${NS.transfer}/Create`,
  delete: `${NS.transfer}/Delete`,
  command: `${NS.shell}/Command`,
  send: `${NS.shell}/Send`,
  receive: `${NS.shell}/Receive`,
  signal: `${NS.shell}/Signal`,
} as const;

export const SIGNAL = {
  terminate: `${NS.shell}/signal/terminate`,
  ctrlC: `${NS.shell}/signal/ctrl_c`,
} as const;

export const COMMAND_STATE_DONE = `${NS.shell}/CommandState/Done`;

/** WSManFault codes the client acts on (MS-WSMV 2.2.4.x / winerror.h ERROR_WSMAN_*). */
export const WSMAN_CODE = {
  operationTimeout: 2150858793,
  shellNotFound: 2150858843,
} as const;
