import { useEffect, useState } from 'react';
import type { ImportReport } from '../../../../shared/ipc/contract.ts';
import { printableLine } from '../../../../shared/printable-line.ts';
import { useDesk } from '../../state/store.ts';
import { Dialog } from './Dialog.tsx';

const FORMAT_NAMES: Record<ImportReport['format'], string> = { csv: 'CSV', 'wac-csv': 'Windows Admin Center CSV', json: 'JSON' };

/** Import from a file and export as CSV or JSON: native dialogs in the app, a file input and a download link in a browser. */
export function ImportExport() {
  const native = useDesk((s) => s.info?.electronVersion != null);
  const importText = useDesk((s) => s.importHostsText);
  const importFile = useDesk((s) => s.importHostsFile);
  const exportHosts = useDesk((s) => s.exportHosts);
  const [download, setDownload] = useState<{ url: string; name: string } | null>(null);

  useEffect(() => () => {
    if (download) URL.revokeObjectURL(download.url);
  }, [download]);

  async function exportAs(format: 'csv' | 'json') {
    const text = await exportHosts(format, native);
    if (text === null) return;
    const type = format === 'csv' ? 'text/csv' : 'application/json';
    setDownload({ url: URL.createObjectURL(new Blob([text], { type })), name: `hosts.${format}` });
  }

  return (
    <div className="import-export" role="group" aria-label="Import and export">
      {native ? (
        <button type="button" onClick={() => void importFile()}>
          Import hosts…
        </button>
      ) : (
        <label className="file-button">
          Import hosts…
          <input
            type="file"
            aria-label="Import hosts"
            accept=".csv,.json,text/csv,application/json"
            onChange={(event) => {
              const file = event.target.files?.[0];
              event.target.value = '';
              if (file) void file.text().then(importText);
            }}
          />
        </label>
      )}
      <button type="button" onClick={() => void exportAs('csv')}>
        Export CSV
      </button>
      <button type="button" onClick={() => void exportAs('json')}>
        Export JSON
      </button>
      {download && (
        <a href={download.url} download={download.name} className="download-link">
          Download {download.name}
        </a>
      )}
    </div>
  );
}

/** What an import did, line by line: the rows added, and each rejected row with its line and reason. */
export function ImportReportDialog({ report, onClose }: { report: ImportReport; onClose: () => void }) {
  return (
    <Dialog title="Import report" onClose={onClose} wide>
      <p data-testid="import-summary">
        Imported {report.added} host{report.added === 1 ? '' : 's'} from {FORMAT_NAMES[report.format]}
        {report.createdFolders ? `, ${report.createdFolders} new folder${report.createdFolders === 1 ? '' : 's'}` : ''}.{' '}
        {report.problems.length ? `${report.problems.length} rejected:` : 'Nothing was rejected.'}
      </p>
      {report.problems.length > 0 && (
        <ul className="import-problems" aria-label="Rejected rows">
          {/* In file order: CSV problems are found in two passes, each in line order. */}
          {report.problems.toSorted((a, b) => (a.line ?? 0) - (b.line ?? 0)).map((problem, index) => (
            <li key={index}>
              <strong>{problem.where}</strong>: {printableLine(problem.reason)}
            </li>
          ))}
        </ul>
      )}
      {report.warnings.length > 0 && (
        <ul className="import-warnings" aria-label="Warnings">
          {report.warnings.map((warning, index) => (
            <li key={index}>{printableLine(warning)}</li>
          ))}
        </ul>
      )}
      <div className="dialog-buttons">
        <button type="button" onClick={onClose} autoFocus>
          Close
        </button>
      </div>
    </Dialog>
  );
}
