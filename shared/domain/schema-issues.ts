import type { z } from 'zod';

/** `hosts[3].port` from zod's path, so a report points at the field a person would look for. */
export function formatIssuePath(path: readonly PropertyKey[]): string {
  let out = '';
  for (const key of path) {
    if (typeof key === 'number') out += `[${key}]`;
    else out += out === '' ? String(key) : `.${String(key)}`;
  }
  return out;
}

const clipPath = (where: string) => (where.length > 120 ? `${where.slice(0, 120)}…` : where);

/**
 * One line naming the first few problems. Messages are the schemas' own (written for people); the
 * rejected values are never quoted, since a hand-edited file may hold anything, a password included.
 */
export function describeIssues(error: z.ZodError, limit = 3): string {
  const parts = error.issues.slice(0, limit).map((issue) => {
    const where = formatIssuePath(issue.path);
    // A message may name a key of the file (an unknown one), which could be any length.
    const message = issue.message.length > 200 ? `${issue.message.slice(0, 200)}…` : issue.message;
    return where ? `${clipPath(where)}: ${message}` : message;
  });
  const more = error.issues.length - limit;
  return more > 0 ? `${parts.join('; ')} (and ${more} more)` : parts.join('; ');
}
