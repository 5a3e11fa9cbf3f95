/** Areas whose screens arrive with their own issues; the frame and navigation are real already. */
export function PendingArea({ title, issue, summary }: { title: string; issue: number; summary: string }) {
  return (
    <section aria-labelledby={`${title}-title`}>
      <h2 id={`${title}-title`}>{title}</h2>
      <p className="empty">{summary}</p>
      <p className="hint">Arrives with issue #{issue}.</p>
    </section>
  );
}
