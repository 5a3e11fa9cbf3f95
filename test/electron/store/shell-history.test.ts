import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { ShellHistory } from '../../../electron/store/shell-history.ts';

const fresh = () => mkdtempSync(path.join(os.tmpdir(), 'shell-history-'));

describe('shell history', () => {
  it('keeps each host’s lines across restarts, in order, without consecutive duplicates', () => {
    const dir = fresh();
    const history = new ShellHistory(dir, { saveDelayMs: 0 });
    for (const line of ['dir', 'ipconfig /all', 'ipconfig /all', 'hostname']) history.add('h_aaaaaaaa', line);
    history.add('h_bbbbbbbb', 'whoami');
    const reopened = new ShellHistory(dir);
    expect(reopened.list('h_aaaaaaaa')).toEqual(['dir', 'ipconfig /all', 'hostname']);
    expect(reopened.list('h_bbbbbbbb')).toEqual(['whoami']);
    expect(reopened.list('h_cccccccc')).toEqual([]);
  });

  it('keeps only the newest 500 lines of a host', () => {
    const dir = fresh();
    const history = new ShellHistory(dir);
    for (let i = 0; i < 520; i++) history.add('h_aaaaaaaa', `echo ${i}`);
    history.flush();
    const lines = new ShellHistory(dir).list('h_aaaaaaaa');
    expect(lines).toHaveLength(500);
    expect(lines[0]).toBe('echo 20');
    expect(lines.at(-1)).toBe('echo 519');
  });

  it('sets a damaged file aside and starts empty instead of failing', () => {
    const dir = fresh();
    writeFileSync(path.join(dir, 'shell-history.json'), '{"version":1,"hosts":{"h_aaaaaaaa":[1,2');
    const history = new ShellHistory(dir, { saveDelayMs: 0 });
    expect(history.list('h_aaaaaaaa')).toEqual([]);
    history.add('h_aaaaaaaa', 'dir');
    expect(JSON.parse(readFileSync(path.join(dir, 'shell-history.json'), 'utf8')).hosts).toEqual({ h_aaaaaaaa: ['dir'] });
  });
});
