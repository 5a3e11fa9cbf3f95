/** The settings editor; grows into every field the store knows. */
export function DefaultsEditor() {
  return <section aria-label="Default settings" />;
}
