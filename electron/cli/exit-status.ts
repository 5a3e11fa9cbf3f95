/**
 * The command line's exit status. A process exit status holds 8 bits, and a
 * Windows exit code 32: taking the low 8 bits turned remote 256 into 0 (a failure reported as
 * success) and 0xC000013A into 58, and remote 255 could not be told from a local failure. So:
 *
 * | what happened                                      | exit status                                   |
 * | -------------------------------------------------- | --------------------------------------------- |
 * | the remote command exited 0                        | 0                                             |
 * | the remote command exited 1–253                    | the same                                      |
 * | the remote command exited 254, 255, ≥ 256 or < 0   | 254, the real code on stderr and in `--json`  |
 * | interrupted: Ctrl-C (130) or SIGTERM (143)         | 130 / 143                                     |
 * | a local failure (flags, plan, network, auth…)      | 255                                           |
 *
 * Remote 254 is folded in too, so that exit status 254 always comes with a note giving the real code.
 */

/** Exit status of any local failure (bad flags, refused plan, network, auth…), never a remote code. */
export const LOCAL_FAILURE_EXIT = 255;

/** Exit status for a remote exit code outside 0–253: one a byte cannot carry, or one that would read as ours. */
export const REMOTE_CODE_NOT_REPRESENTABLE_EXIT = 254;

/** The highest remote exit code passed through unchanged. */
const HIGHEST_PASSED_THROUGH = 253;

export interface ExitStatus {
  readonly status: number;
  /** Set when the status is not the remote code itself: the line to print on stderr. */
  readonly note?: string;
}

/** The process exit status for a remote exit code, and the note that gives the real code when it differs. */
export function exitStatusFor(remoteCode: number): ExitStatus {
  if (Number.isInteger(remoteCode) && remoteCode >= 0 && remoteCode <= HIGHEST_PASSED_THROUGH) return { status: remoteCode };
  return {
    status: REMOTE_CODE_NOT_REPRESENTABLE_EXIT,
    note: `the remote command exited with ${describeCode(remoteCode)}; exit status ${REMOTE_CODE_NOT_REPRESENTABLE_EXIT} stands for any remote code outside 0–${HIGHEST_PASSED_THROUGH}.`,
  };
}

/** Decimal, and for what does not fit in a byte the unsigned 32-bit hex Windows tools print (0xC000013A). */
function describeCode(code: number): string {
  if (!Number.isInteger(code)) return String(code);
  if (code >= 0 && code <= 0xff) return String(code);
  return `${code} (0x${(code >>> 0).toString(16).toUpperCase().padStart(8, '0')})`;
}
