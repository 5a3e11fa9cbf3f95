/** Seconds as an xs:duration (`PT60S`, `PT0.5S`), the form WS-Management timeouts take. */
export function toXsDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) throw new RangeError('A duration must be a finite, non-negative number of seconds');
  const rounded = Math.round(seconds * 1000) / 1000;
  return `PT${rounded}S`;
}
