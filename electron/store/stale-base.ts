import { DeskError } from '../../shared/errors.ts';

// Key order is not meaning: a file rewritten by the CLI, or an entity round-tripped through the page,
// may list the same fields in another order and must still compare equal.
function canonical(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(canonical);
  if (value !== null && typeof value === 'object') {
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, v]) => v !== undefined)
        .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
        .map(([k, v]) => [k, canonical(v)]),
    );
  }
  return value;
}

export function sameEntity(a: unknown, b: unknown): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

/**
 * An edit names the entity as the editor loaded it (`base`). If the saved one differs, someone else
 * changed it meanwhile; writing would silently drop their change, so the edit is refused instead.
 */
export function refuseStaleBase(saved: unknown, base: unknown, name: string): void {
  if (!sameEntity(saved, base)) {
    throw new DeskError('CONFLICT', `"${name.slice(0, 128)}" was changed elsewhere (by another window or the command line) since you opened it; reload it to see the change.`);
  }
}
