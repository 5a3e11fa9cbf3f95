// Response envelopes shaped like Windows Server's WinRM service (prefixes, namespaces and actions as
// captured from Windows; ids made up).
const HEAD = `<s:Envelope xml:lang="en-US" xmlns:s="http://www.w3.org/2003/05/soap-envelope" xmlns:a="http://schemas.xmlsoap.org/ws/2004/08/addressing" xmlns:x="http://schemas.xmlsoap.org/ws/2004/09/transfer" xmlns:w="http://schemas.dmtf.org/wbem/wsman/1/wsman.xsd" xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell" xmlns:p="http://schemas.microsoft.com/wbem/wsman/1/wsman.xsd">`;

export function envelope(action: string, relatesTo: string | null, body: string): string {
  return (
    HEAD +
    `<s:Header><a:Action>${action}</a:Action><a:MessageID>uuid:6E5F1B4C-0000-4000-8000-000000000001</a:MessageID>` +
    `<a:To>http://schemas.xmlsoap.org/ws/2004/08/addressing/role/anonymous</a:To>` +
    (relatesTo === null ? '' : `<a:RelatesTo>${relatesTo}</a:RelatesTo>`) +
    `</s:Header><s:Body>${body}</s:Body></s:Envelope>`
  );
}

export function fault(relatesTo: string | null, code: string, subcode: string, message: string): string {
  return envelope(
    'http://schemas.dmtf.org/wbem/wsman/1/wsman/fault',
    relatesTo,
    `<s:Fault><s:Code><s:Value>s:Receiver</s:Value><s:Subcode><s:Value>${subcode}</s:Value></s:Subcode></s:Code>` +
      `<s:Reason><s:Text xml:lang="en-US">${message} </s:Text></s:Reason>` +
      `<s:Detail><f:WSManFault xmlns:f="http://schemas.microsoft.com/wbem/wsman/1/wsmanfault" Code="${code}" Machine="win2022.corp.example">` +
      `<f:Message>${message} </f:Message></f:WSManFault></s:Detail></s:Fault>`,
  );
}

export const CREATE_RESPONSE_2012 = (relatesTo: string) =>
  envelope(
    'http://schemas.xmlsoap.org/ws/2004/09/transfer/CreateResponse',
    relatesTo,
    `<x:ResourceCreated><a:Address>http://win2022:5985/wsman</a:Address><a:ReferenceParameters>` +
      `<w:ResourceURI>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</w:ResourceURI>` +
      `<w:SelectorSet><w:Selector Name="ShellId">A1B2C3D4-0000-4000-8000-00000000BEEF</w:Selector></w:SelectorSet>` +
      `</a:ReferenceParameters></x:ResourceCreated>` +
      `<rsp:Shell xmlns:rsp="http://schemas.microsoft.com/wbem/wsman/1/windows/shell"><rsp:ShellId>A1B2C3D4-0000-4000-8000-00000000BEEF</rsp:ShellId>` +
      `<rsp:ResourceUri>http://schemas.microsoft.com/wbem/wsman/1/windows/shell/cmd</rsp:ResourceUri><rsp:Owner>CORP\\admin</rsp:Owner>` +
      `<rsp:InputStreams>stdin</rsp:InputStreams><rsp:OutputStreams>stdout stderr</rsp:OutputStreams></rsp:Shell>`,
  );
