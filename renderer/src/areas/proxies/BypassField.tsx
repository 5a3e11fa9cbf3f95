import { checkBypassText } from '../../proxies/bypass-text.ts';

/** The bypass list, one entry a line, each checked as it is typed (the rule the saved profile follows). */
export function BypassField({ text, onChange }: { text: string; onChange(text: string): void }) {
  const { entries, problems } = checkBypassText(text);
  return (
    <div className="setting" data-invalid={problems.length > 0 ? '' : undefined}>
      <label htmlFor="proxy-bypass">Bypass list (reached directly)</label>
      <textarea
        id="proxy-bypass"
        rows={5}
        spellCheck={false}
        value={text}
        aria-describedby="proxy-bypass-hint"
        aria-invalid={problems.length > 0}
        placeholder={'<local>\n*.corp.example\n10.0.0.0/8'}
        onChange={(e) => onChange(e.target.value)}
      />
      <p id="proxy-bypass-hint" className="setting-source">
        One a line: host names, wildcards such as *.corp.example, &lt;local&gt; for names without a dot, IP addresses and CIDR blocks such as 10.0.0.0/8; add :port to match one port.
        {entries.length > 0 && ` ${entries.length} ${entries.length === 1 ? 'entry' : 'entries'}.`}
      </p>
      {problems.length > 0 && (
        <ul className="bypass-problems" aria-label="Bypass list problems">
          {problems.map((p) => (
            <li key={p.entry} className="setting-issue">
              {p.problem}
            </li>
          ))}
        </ul>
      )}
    </div>
  );
}
