import { describe, expect, it } from 'vitest';
import { parseCsv } from '../../../shared/domain/csv.ts';
import { exportHostsCsv, exportHostsJson } from '../../../shared/domain/host-export.ts';
import { importHosts, type IdKind } from '../../../shared/domain/host-import.ts';
import { emptyProfileDocument, profileDocumentSchema, type ProfileDocument } from '../../../shared/domain/profile-document.ts';

function ids(): (kind: IdKind) => string {
  let n = 0;
  return (kind) => `${kind}_test${String(++n).padStart(6, '0')}`;
}

const importInto = (doc: ProfileDocument, text: string) => importHosts(doc, text, ids());

describe('host import', () => {
  it('imports our CSV columns in any order and case, creating folder paths once', () => {
    const csv = 'Name,Folder,Address,Port,Transport,Auth,Tags,Notes\r\nweb01,Prod/Web,web01.corp,,HTTPS,NTLM,web|iis,"first, note"\r\nweb02,prod/web,web02.corp,8443,https,,,\r\n';
    const result = importInto(emptyProfileDocument(), csv);
    expect(result.problems).toEqual([]);
    expect(result.format).toBe('csv');
    expect(result.createdFolders).toBe(2);
    expect(result.document.folders.map((f) => f.name)).toEqual(['Prod', 'Web']);
    expect(result.added).toEqual([
      { id: 'h_test000001', name: 'web01', address: 'web01.corp', transport: 'https', auth: 'ntlm', tags: ['web', 'iis'], notes: 'first, note', folderId: 'f_test000003' },
      { id: 'h_test000004', name: 'web02', address: 'web02.corp', port: 8443, transport: 'https', tags: [], notes: '', folderId: 'f_test000003' },
    ]);
    expect(profileDocumentSchema.safeParse(result.document).success).toBe(true);
  });

  it('imports a generated 5,000-row CSV, reporting each bad row by line and keeping every good one', () => {
    const lines = ['name,address,port,transport,auth,folder,tags'];
    const bad = new Map<number, RegExp>([
      [101, /port "99x"/],
      [1202, /transport/],
      [2503, /auth/],
      [3004, /address/],
      [4005, /already in line 4004/],
      [4806, /folder "Bad\/\/Path"/],
    ]);
    for (let i = 1; i <= 5000; i++) {
      const line = i + 1;
      let row = `srv${i},srv${i}.corp.example,,https,negotiate,Site${i % 7}/Rack${i % 3},"tag${i % 5}|all"`;
      if (line === 101) row = `srv${i},srv${i}.corp.example,99x,https,negotiate,,`;
      if (line === 1202) row = `srv${i},srv${i}.corp.example,,ftp,negotiate,,`;
      if (line === 2503) row = `srv${i},srv${i}.corp.example,,https,digest,,`;
      if (line === 3004) row = `srv${i},not an address,,https,,,`;
      if (line === 4005) row = `srv${i - 1},dup.corp.example,,https,,,`;
      if (line === 4806) row = `srv${i},srv${i}.corp.example,,https,,Bad//Path,`;
      lines.push(row);
    }
    const started = performance.now();
    const result = importInto(emptyProfileDocument(), `${lines.join('\r\n')}\r\n`);
    expect(performance.now() - started).toBeLessThan(5000);
    expect(result.problems.map((p) => p.line)).toEqual([...bad.keys()]);
    for (const problem of result.problems) expect(problem.reason).toMatch(bad.get(problem.line!)!);
    expect(result.added).toHaveLength(5000 - bad.size);
    expect(result.document.hosts).toHaveLength(5000 - bad.size);
    expect(result.document.folders).toHaveLength(7 + 7 * 3);
    expect(profileDocumentSchema.safeParse(result.document).success).toBe(true);
  });

  it('reports names already in the store and keeps the existing host untouched', () => {
    const first = importInto(emptyProfileDocument(), 'name,address\r\nweb01,web01.corp\r\n');
    const second = importHosts(first.document, 'name,address\r\nWEB01,other.corp\r\nweb02,web02.corp\r\n', ids());
    expect(second.problems).toEqual([{ where: 'line 2', line: 2, reason: 'a host named "WEB01" is already in the store' }]);
    expect(second.document.hosts.map((h) => h.address)).toEqual(['web01.corp', 'web02.corp']);
  });

  it('reports a malformed CSV record, a row with too many fields and unknown columns', () => {
    const result = importInto(emptyProfileDocument(), 'name,address,colour\r\n"a"b,x,y\r\nweb01,web01,red,extra\r\nweb02,web02,blue\r\n');
    expect(result.problems.map((p) => [p.line, p.reason])).toEqual([
      [2, expect.stringMatching(/closing quote/)],
      [3, '4 fields where the header has 3'],
    ]);
    expect(result.warnings).toEqual(['Ignored column(s): "colour"']);
    expect(result.added.map((h) => h.name)).toEqual(['web02']);
  });

  it('imports Windows Admin Center connections (name,type,tags,groupId)', () => {
    const wac = '\uFEFF"name","type","tags","groupId"\r\n"dc01.corp.example","msft.sme.connection-type.server","ad|core",""\r\n"pc1.corp.example","msft.sme.connection-type.windows-client","","global"\r\n"cl.corp.example","msft.sme.connection-type.cluster","",""\r\n"x.corp.example","msft.sme.connection-type.azure-vm","",""\r\n';
    const result = importInto(emptyProfileDocument(), wac);
    expect(result.format).toBe('wac-csv');
    expect(result.problems).toEqual([{ where: 'line 5', line: 5, reason: expect.stringMatching(/azure-vm/) }]);
    expect(result.added.map((h) => [h.name, h.address, h.tags])).toEqual([
      ['dc01.corp.example', 'dc01.corp.example', ['ad', 'core']],
      ['pc1.corp.example', 'pc1.corp.example', []],
      ['cl.corp.example', 'cl.corp.example', []],
    ]);
  });

  it('rejects a CSV without a name column as a whole', () => {
    expect(importInto(emptyProfileDocument(), 'host,address\r\na,b\r\n').problems[0]).toMatchObject({ line: 1, reason: expect.stringMatching(/no "name" column/) });
  });
});

function sampleDocument(): ProfileDocument {
  const doc = profileDocumentSchema.parse({
    version: 2,
    settings: { defaults: { transport: 'https', credentialId: 'c_globaladm' } },
    proxyProfiles: [{ id: 'p_corpproxy', name: 'Corp', access: 'manual', url: 'http://proxy:3128' }],
    folders: [
      { id: 'f_prod0001', name: 'Prod', defaults: { auth: 'kerberos', credentialId: 'c_prodadmin', proxyProfileId: 'p_corpproxy', tls: { mode: 'insecure' } } },
      { id: 'f_web00001', name: 'Web', parentId: 'f_prod0001' },
    ],
    hosts: [
      { id: 'h_web0001', name: 'web01', address: 'web01.corp', folderId: 'f_web00001', tags: ['iis'], notes: 'rack "4", row 2\nsecond line', credentialId: 'c_webadmin01' },
      { id: 'h_form001', name: '=HYPERLINK("http://evil")', address: 'evil.corp', transport: 'http', port: 8080, tags: ['@ops'] },
    ],
  });
  return doc;
}

describe('host export', () => {
  it('writes CSV with effective transport, port and auth, folder paths and escaped formulas', () => {
    const csv = exportHostsCsv(sampleDocument());
    expect(parseCsv(csv).map((r) => r.fields)).toEqual([
      ['name', 'address', 'port', 'transport', 'auth', 'folder', 'tags', 'notes'],
      ['web01', 'web01.corp', '5986', 'https', 'kerberos', 'Prod/Web', 'iis', 'rack "4", row 2\nsecond line'],
      ['\'=HYPERLINK("http://evil")', 'evil.corp', '8080', 'http', 'negotiate', '', '\'@ops', ''],
    ]);
  });

  it('never exports credential or proxy links, and round-trips through CSV and JSON', () => {
    const doc = sampleDocument();
    for (const text of [exportHostsCsv(doc), exportHostsJson(doc)]) {
      expect(text).not.toMatch(/c_prodadmin|c_webadmin01|c_globaladm|p_corpproxy|credentialId|proxyProfileId/);
      const back = importInto(emptyProfileDocument(), text);
      expect(back.problems).toEqual([]);
      expect(back.added.map((h) => h.name)).toEqual(['web01', '=HYPERLINK("http://evil")']);
      expect(back.added[0]!.notes).toBe('rack "4", row 2\nsecond line');
      expect(back.added[1]!.tags).toEqual(['@ops']);
    }
  });

  it('keeps inheritance in JSON: unset host fields stay unset, folder defaults travel', () => {
    const back = importInto(emptyProfileDocument(), exportHostsJson(sampleDocument()));
    expect(back.format).toBe('json');
    expect(back.document.folders.map((f) => [f.name, f.defaults])).toEqual([
      ['Prod', { auth: 'kerberos', tls: { mode: 'insecure' } }],
      ['Web', {}],
    ]);
    expect(back.added[0]).not.toHaveProperty('auth');
  });

  it('reports a bad JSON entry by index and keeps the others', () => {
    const text = JSON.stringify({ format: 'winrm-desk-hosts', version: 1, folders: [], hosts: [{ name: 'a', address: 'a.corp' }, { name: 'b', address: 'a b' }, { name: 'c', address: 'c', password: 'x' }] });
    const result = importInto(emptyProfileDocument(), text);
    expect(result.problems.map((p) => p.where)).toEqual(['hosts[1]', 'hosts[2]']);
    expect(result.added.map((h) => h.name)).toEqual(['a']);
  });

  it('rejects JSON that is not a hosts export as a whole', () => {
    expect(importInto(emptyProfileDocument(), '{"version": 2}').problems).toEqual([{ where: 'file', reason: expect.stringMatching(/not a WinRM Desk hosts file/) }]);
    expect(importInto(emptyProfileDocument(), '{ broken').problems).toEqual([{ where: 'file', reason: 'not valid JSON' }]);
    const deep = `{"format":"winrm-desk-hosts","version":1,"hosts":${'['.repeat(1000)}${']'.repeat(1000)}}`;
    expect(importInto(emptyProfileDocument(), deep).problems).toEqual([{ where: 'file', reason: 'not a WinRM Desk hosts file: it nests deeper than 64 levels' }]);
  });
});
