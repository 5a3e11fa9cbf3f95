import type { ErrorInfo } from '../../shared/errors.ts';
import { printableLine } from '../../shared/printable-line.ts';

export function ErrorBanner({ error }: { error: ErrorInfo | null }) {
  if (!error) return null;
  return (
    <p className="error" role="alert">
      <code>{error.code}</code> {printableLine(error.message)}
    </p>
  );
}
