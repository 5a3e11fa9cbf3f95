import { bypassEntryProblem } from '../../../shared/domain/bypass-entry.ts';

export interface BypassText {
  readonly entries: string[];
  /** Each entry that is not one, with why; the editor shows them as the user types. */
  readonly problems: { entry: string; problem: string }[];
}

/**
 * The bypass editor's text as entries: one a line, and `;` or `,` also separate them so that a list
 * pasted from WinHTTP or NO_PROXY splits the way those tools split it.
 */
export function checkBypassText(text: string): BypassText {
  const entries = text
    .split(/[;,\s]+/)
    .map((e) => e.trim())
    .filter((e) => e !== '');
  const problems = entries.flatMap((entry) => {
    const problem = bypassEntryProblem(entry);
    return problem ? [{ entry, problem }] : [];
  });
  return { entries, problems };
}

export function bypassTextOf(entries: readonly string[]): string {
  return entries.join('\n');
}
