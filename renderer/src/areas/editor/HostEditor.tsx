/** The settings editor; grows into every field the store knows. */
export function HostEditor({ hostId }: { hostId: string }) {
  return <section aria-label="Settings" data-id={hostId} />;
}
