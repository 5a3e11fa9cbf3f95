import { DeskError } from '../../shared/errors.ts';

/** The DeskError code `action` throws, 'no error', or a description of a non-DeskError (a bug). */
export function codeOf(action: () => unknown): string {
  try {
    action();
  } catch (error) {
    return error instanceof DeskError ? error.code : `not a DeskError: ${String(error)}`;
  }
  return 'no error';
}
