import { useState } from 'react';
import type { ShellTab } from '../../state/shells-slice.ts';
import { useDesk } from '../../state/store.ts';
import { tabControllers } from '../../shells/tab-registry.ts';

export const findInputId = (key: string) => `find-${key}`;

function resultText(results: ShellTab['searchResults'], term: string): string {
  if (term === '' || !results) return '';
  if (results.count === 0) return 'No matches';
  if (results.index < 0) return `${results.count} matches`;
  return `${results.index + 1} of ${results.count}`;
}

/** Ctrl+Shift+F: search the scrollback. Enter / Shift+Enter: next / previous; Escape closes. */
export function FindBar({ tab, onClose }: { tab: ShellTab; onClose: () => void }) {
  const setFindOpen = useDesk((s) => s.setFindOpen);
  const [term, setTerm] = useState('');
  const terminal = tabControllers.get(tab.key)?.terminal;

  const find = (direction: 'next' | 'previous', incremental = false, text = term) => {
    if (text !== '') terminal?.find(text, direction, incremental);
  };
  const close = () => {
    terminal?.clearFind();
    setFindOpen(tab.key, false);
    onClose();
  };

  return (
    <div className="find-bar" role="search">
      <input
        id={findInputId(tab.key)}
        type="search"
        aria-label="Find in terminal"
        placeholder="Find in terminal"
        autoFocus
        value={term}
        onChange={(event) => {
          setTerm(event.target.value);
          if (event.target.value === '') terminal?.clearFind();
          else find('next', true, event.target.value);
        }}
        onKeyDown={(event) => {
          if (event.key === 'Enter') find(event.shiftKey ? 'previous' : 'next');
          else if (event.key === 'Escape') close();
          else return;
          event.preventDefault();
        }}
      />
      <span className="find-results" aria-live="polite">
        {resultText(tab.searchResults, term)}
      </span>
      <button type="button" aria-label="Previous match" title="Previous match (Shift+Enter)" onClick={() => find('previous')}>
        ↑
      </button>
      <button type="button" aria-label="Next match" title="Next match (Enter)" onClick={() => find('next')}>
        ↓
      </button>
      <button type="button" aria-label="Close find" title="Close (Escape)" onClick={close}>
        ×
      </button>
    </div>
  );
}
