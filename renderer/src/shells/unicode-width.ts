import { Unicode11Addon } from '@xterm/addon-unicode11';
import type { IUnicodeVersionProvider } from '@xterm/xterm';

/**
 * xterm's Unicode 11 width table, as one provider object for both the terminals and the line
 * editor, so the echo's cursor arithmetic and xterm's rendering agree on wide and zero-width
 * characters. The addon's only work is `terminal.unicode.register(provider)`; activating it against
 * a recorder gives us that provider through the addon's public interface.
 */
function captureUnicode11(): IUnicodeVersionProvider {
  let captured = null as IUnicodeVersionProvider | null;
  const recorder = { unicode: { register: (provider: IUnicodeVersionProvider) => (captured = provider) } };
  new Unicode11Addon().activate(recorder as unknown as Parameters<Unicode11Addon['activate']>[0]);
  if (!captured) throw new Error('The Unicode 11 addon registered no width provider');
  return captured;
}

export const unicode11: IUnicodeVersionProvider = captureUnicode11();

export function cellWidth(codePoint: number): number {
  return unicode11.wcwidth(codePoint);
}
