/**
 * How the harness's WebSocket carries a tab's frames from main to the page. Frames whose `data` is
 * bytes (output) go as one binary message, so the bytes travel as they are, as a structured clone
 * carries a Uint8Array over Electron's MessagePort: a little-endian uint32 header length, the
 * header (UTF-8 JSON `{ port, frame }` with the frame's other fields), then the bytes. Every other
 * message is JSON text. Runs in Node (the harness) and in the page (the shim).
 */

export interface PortMessage {
  readonly port: string;
  readonly frame: Record<string, unknown>;
}

export function encodePortMessage(port: string, frame: object): string | Uint8Array {
  const { data, ...rest } = frame as { data?: unknown };
  if (!(data instanceof Uint8Array)) return JSON.stringify({ port, frame });
  const header = new TextEncoder().encode(JSON.stringify({ port, frame: rest }));
  const message = new Uint8Array(4 + header.length + data.length);
  new DataView(message.buffer).setUint32(0, header.length, true);
  message.set(header, 4);
  message.set(data, 4 + header.length);
  return message;
}

/** A binary message back into its frame; `data` is a view on `message`'s buffer. */
export function decodeBinaryPortMessage(message: ArrayBuffer): PortMessage {
  const headerLength = new DataView(message).getUint32(0, true);
  const header = JSON.parse(new TextDecoder().decode(new Uint8Array(message, 4, headerLength))) as { port: string; frame: Record<string, unknown> };
  return { port: header.port, frame: { ...header.frame, data: new Uint8Array(message, 4 + headerLength) } };
}
