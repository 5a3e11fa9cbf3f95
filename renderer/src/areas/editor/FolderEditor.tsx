/** The settings editor; grows into every field the store knows. */
export function FolderEditor({ folderId }: { folderId: string }) {
  return <section aria-label="Settings" data-id={folderId} />;
}
