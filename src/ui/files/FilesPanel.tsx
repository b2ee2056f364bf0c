/**
 * Upload: a file picker (and the page-wide drop zone) for every format RouteLab reads, the
 * choices for files that cannot tell everything (problem kind, instance of a batch), and the
 * report of each file: what it became, or where it is broken and what was expected there.
 */
import { useRef, type ChangeEvent } from 'react';
import { PROBLEM_KINDS, PROBLEM_LABELS, type ProblemKind } from '../../core/instance';
import { useAppStore } from '../../store';
import { problemName } from '../../store/actions';
import { chooseFileIndex, chooseImportProblem, importFiles } from '../../store/file-actions';
import type { FileReport } from '../../store/files-slice';
import './files.css';

/** Extensions the picker offers; anything can still be dropped (the bytes decide). */
export const ACCEPTED_FILES = '.json,.npz,.rlc,.vrp,.atsp,.tsp,.txt,.csv,.tsv,.sol,.pbf,.osm,.gz';

function ErrorLocation({ report }: { report: FileReport }) {
  const e = report.error!;
  return (
    <dl className="file-error-detail">
      {e.line !== undefined && (
        <>
          <dt>Line</dt>
          <dd data-testid="file-error-line">{e.line}</dd>
        </>
      )}
      {e.field && (
        <>
          <dt>Field</dt>
          <dd data-testid="file-error-field">{e.field}</dd>
        </>
      )}
      <dt>Expected</dt>
      <dd data-testid="file-error-expected">{e.expected}</dd>
      {e.found !== undefined && (
        <>
          <dt>Found</dt>
          <dd data-testid="file-error-found">{e.found}</dd>
        </>
      )}
    </dl>
  );
}

function Report({ report }: { report: FileReport }) {
  return (
    <li className={`file-report ${report.ok ? 'ok' : 'bad'}`} data-testid={report.ok ? 'file-report' : 'file-error'} data-file={report.file}>
      <div className="file-report-head">
        <strong className="file-name">{report.file}</strong>
        {report.format && <span className="file-format">{report.format}</span>}
      </div>
      {report.ok ? <div className="file-summary">{report.summary}</div> : <ErrorLocation report={report} />}
      {report.warnings.length > 0 && (
        <ul className="file-warnings" data-testid="file-warnings">
          {report.warnings.map((w, i) => (
            <li key={i}>{w}</li>
          ))}
        </ul>
      )}
    </li>
  );
}

export function FilesPanel() {
  const inputRef = useRef<HTMLInputElement>(null);
  const reports = useAppStore((s) => s.fileReports);
  const importing = useAppStore((s) => s.importing);
  const choice = useAppStore((s) => s.fileChoice);
  const importProblem = useAppStore((s) => s.importProblem);
  const currentKind = useAppStore((s) => s.instance?.kind ?? s.scenario.problem);
  const clearReports = useAppStore((s) => s.clearFileReports);

  const onPick = (e: ChangeEvent<HTMLInputElement>) => {
    const files = [...(e.target.files ?? [])];
    // Cleared so that picking the same file again still fires a change.
    e.target.value = '';
    void importFiles(files);
  };

  return (
    <section className="panel files-panel" aria-labelledby="files-title">
      <h2 id="files-title">Files</h2>
      <div className="file-pick">
        <button type="button" onClick={() => inputRef.current?.click()} disabled={importing}>
          Open files…
        </button>
        <span className="hint">or drop them on the page</span>
        <input
          ref={inputRef}
          type="file"
          multiple
          accept={ACCEPTED_FILES}
          data-testid="file-input"
          className="visually-hidden"
          aria-label="Open problem or solution files"
          onChange={onPick}
        />
      </div>
      <p className="hint">
        RouteLab JSON, OSRM table, VROOM JSON, RRNCO/CAMP .npz, TSPLIB/CVRPLIB .vrp/.atsp, Solomon .txt, CSV of stops; solutions: .sol,
        VROOM output, solve output; cities: RRNCO city .npz, .rlc, or an OpenStreetMap extract (.osm.pbf, .osm, .osm.gz) to build one.
      </p>
      <label className="field">
        <span>Problem for files that cannot tell</span>
        <select
          data-testid="import-problem"
          value={importProblem ?? ''}
          disabled={importing}
          onChange={(e) => void chooseImportProblem(e.target.value === '' ? null : (e.target.value as ProblemKind))}
        >
          <option value="">Current ({problemName(currentKind)})</option>
          {PROBLEM_KINDS.map((k) => (
            <option key={k} value={k} title={PROBLEM_LABELS[k]}>
              {problemName(k)}
            </option>
          ))}
        </select>
      </label>
      {choice && choice.count > 1 && (
        <label className="field">
          <span>
            Instance of {choice.file} (0–{choice.count - 1})
          </span>
          <input
            type="number"
            data-testid="file-index"
            min={0}
            max={choice.count - 1}
            step={1}
            value={choice.index}
            disabled={importing}
            onChange={(e) => {
              const i = Number(e.target.value);
              if (Number.isInteger(i) && i >= 0 && i < choice.count && i !== choice.index) void chooseFileIndex(i);
            }}
          />
        </label>
      )}
      {reports.length > 0 && (
        <div className="file-reports" data-testid="file-errors" role="log" aria-label="What the files gave">
          <div className="file-reports-head">
            <span>{reports.some((r) => !r.ok) ? 'Files with problems are marked red' : 'Files read'}</span>
            <button type="button" className="link" onClick={clearReports}>
              Clear
            </button>
          </div>
          <ul>
            {reports.map((r) => (
              <Report key={r.id} report={r} />
            ))}
          </ul>
        </div>
      )}
    </section>
  );
}
