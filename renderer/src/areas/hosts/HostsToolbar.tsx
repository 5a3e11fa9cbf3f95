import { useState, type FormEvent, type RefObject } from 'react';
import type { HostSearchIndex } from '../../hosts/host-search.ts';
import { useDesk } from '../../state/store.ts';
import { ImportExport } from './ImportExport.tsx';

const TAG_CHIPS = 12;

/** Search (Ctrl+F), tag chips, the quick "add host" form and import/export, above the list. */
export function HostsToolbar({ searchRef, index, shownCount, totalCount }: { searchRef: RefObject<HTMLInputElement | null>; index: HostSearchIndex; shownCount: number; totalCount: number }) {
  const query = useDesk((s) => s.hostsQuery);
  const setQuery = useDesk((s) => s.setHostsQuery);
  const tags = useDesk((s) => s.hostsTags);
  const toggleTag = useDesk((s) => s.toggleHostsTag);
  const addHost = useDesk((s) => s.addHost);
  const [name, setName] = useState('');
  const [address, setAddress] = useState('');
  // The chosen tags stay visible even when they are not among the most used.
  const chips = [...new Set([...tags, ...index.tagCounts.slice(0, TAG_CHIPS).map((t) => t.tag)])];

  async function submit(event: FormEvent) {
    event.preventDefault();
    if (await addHost(name, address)) {
      setName('');
      setAddress('');
    }
  }

  return (
    <div className="hosts-toolbar">
      <div className="hosts-toolbar-row">
        <input ref={searchRef} type="search" className="host-search" aria-label="Search hosts" placeholder="Search name, address, tag (Ctrl+F)" value={query} onChange={(e) => setQuery(e.target.value)} />
        <span className="hosts-count" role="status" data-testid="hosts-count">
          {shownCount === totalCount ? `${totalCount} host${totalCount === 1 ? '' : 's'}` : `${shownCount} of ${totalCount} hosts`}
        </span>
        <ImportExport />
      </div>
      {chips.length > 0 && (
        <div className="tag-filter" role="group" aria-label="Filter by tag">
          {chips.map((tag) => (
            <button key={tag} type="button" className="chip tag-chip" aria-pressed={tags.includes(tag)} onClick={() => toggleTag(tag)}>
              {tag}
            </button>
          ))}
        </div>
      )}
      <form className="host-add" onSubmit={(event) => void submit(event)} aria-label="Add host">
        <label htmlFor="host-name">Name</label>
        <input id="host-name" name="name" value={name} onChange={(e) => setName(e.target.value)} />
        <label htmlFor="host-address">Address</label>
        <input id="host-address" name="address" value={address} onChange={(e) => setAddress(e.target.value)} />
        <button type="submit">Add host</button>
      </form>
    </div>
  );
}
