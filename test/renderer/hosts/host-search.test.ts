import { describe, expect, it } from 'vitest';
import type { HostProfile } from '../../../shared/domain/host-profile.ts';
import { buildHostSearchIndex, narrowingSearch, searchHosts } from '../../../renderer/src/hosts/host-search.ts';

const host = (name: string, address: string, tags: string[] = []): HostProfile => ({ id: `h_${name.replace(/\W/g, '')}xxxxxx`, name, address, tags, notes: '' });

const hosts = [host('web-10', '10.0.0.10', ['Prod', 'iis']), host('web-2', 'web2.corp.example', ['test']), host('DC01', 'dc01.corp.example', ['prod', 'ad']), host('sql01', '10.0.1.5')];
const index = buildHostSearchIndex(hosts);
const names = (matches: readonly number[]) => matches.map((at) => hosts[at]!.name);

describe('host search', () => {
  it('lists every host in natural name order when nothing is asked', () => {
    expect(names(searchHosts(index, { text: '', tags: [] }).matches)).toEqual(['DC01', 'sql01', 'web-2', 'web-10']);
  });

  it.each([
    { text: 'web', expected: ['web-2', 'web-10'] },
    { text: 'WEB-1', expected: ['web-10'] },
    { text: '10.0.1', expected: ['sql01'] },
    { text: 'corp.example', expected: ['DC01', 'web-2'] },
    { text: 'iis', expected: ['web-10'] },
    { text: 'prod web', expected: ['web-10'] },
    { text: '  ', expected: ['DC01', 'sql01', 'web-2', 'web-10'] },
    { text: 'nothing-like-this', expected: [] },
  ])('matches "$text" in names, addresses and tags', ({ text, expected }) => {
    expect(names(searchHosts(index, { text, tags: [] }).matches)).toEqual(expected);
  });

  it('keeps only hosts carrying every chosen tag, whatever its case', () => {
    expect(names(searchHosts(index, { text: '', tags: ['PROD'] }).matches)).toEqual(['DC01', 'web-10']);
    expect(names(searchHosts(index, { text: '', tags: ['prod', 'ad'] }).matches)).toEqual(['DC01']);
    expect(names(searchHosts(index, { text: 'web', tags: ['prod'] }).matches)).toEqual(['web-10']);
  });

  it('counts tags case-insensitively, most used first', () => {
    expect(index.tagCounts[0]).toEqual({ tag: 'Prod', count: 2 });
    expect(index.tagCounts.map((t) => t.tag)).toEqual(['Prod', 'ad', 'iis', 'test']);
  });

  it('gives the same answer typing on from a previous result as searching afresh', () => {
    let previous = null;
    for (const text of ['w', 'we', 'web', 'web-', 'web-1', 'web-', 'web', 'c', 'co', 'cor']) {
      const typed = searchHosts(index, { text, tags: [] }, previous);
      expect(typed.matches).toEqual(searchHosts(index, { text, tags: [] }).matches);
      previous = typed;
    }
  });

  it('does not narrow from a previous result the new query does not refine (a tag dropped, a word changed)', () => {
    const tagged = searchHosts(index, { text: 'web', tags: ['prod'] });
    expect(names(searchHosts(index, { text: 'web', tags: [] }, tagged).matches)).toEqual(['web-2', 'web-10']);
    const sql = searchHosts(index, { text: 'sql', tags: [] });
    expect(names(searchHosts(index, { text: 'dc', tags: [] }, sql).matches)).toEqual(['DC01']);
  });
});

describe('narrowingSearch', () => {
  it('answers each query as a fresh search would, while the user types and deletes', () => {
    const search = narrowingSearch(index);
    for (const text of ['d', 'dc', 'dc0', 'dc', '', 'web', 'web-1', 'w']) expect(search({ text, tags: [] }).matches).toEqual(searchHosts(index, { text, tags: [] }).matches);
  });
});
