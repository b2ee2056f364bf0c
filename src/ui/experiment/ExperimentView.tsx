/**
 * The experiment view, over the map: the experiment's name and progress (done / total, failures,
 * time left) with Pause, Resume and Cancel, its exports, and three tabs: a new experiment's
 * setup, the results (one row per run) and the aggregate (statistics and plots). The map stays
 * mounted underneath, so closing the view costs no redraw.
 */
import { useEffect, useMemo, useRef, useState } from 'react';
import type { RunSummary } from '../../core/experiment/record';
import {
  aggregateOf,
  buildExperimentExport,
  cancelExperiment,
  deleteExperiment,
  pauseExperiment,
  resumeExperiment,
  selectExperiment,
  type ExperimentExport,
} from '../../store/experiment-actions';
import { useExperimentStore, type ExperimentTab } from '../../store/experiment-store';
import { download } from '../files/download';
import { Tabs } from '../panels/Tabs';
import { AggregateView } from './AggregateView';
import { ResultsTable } from './ResultsTable';
import { SetupForm } from './SetupForm';
import './experiment.css';

/** Statistics and plots follow the results at most this often while they stream in. */
const AGGREGATE_EVERY_MS = 1000;

/** The value as of at most `ms` ago: records arriving every half second must not redo the statistics each time. */
function useThrottled<T>(value: T, ms: number): T {
  const [shown, setShown] = useState(value);
  const last = useRef(0);
  useEffect(() => {
    if (value === shown) return;
    const timer = setTimeout(
      () => {
        last.current = performance.now();
        setShown(value);
      },
      Math.max(0, last.current + ms - performance.now()),
    );
    return () => clearTimeout(timer);
  }, [value, shown, ms]);
  return shown;
}

const TABS: { id: ExperimentTab; label: string }[] = [
  { id: 'setup', label: 'New experiment' },
  { id: 'results', label: 'Results' },
  { id: 'aggregate', label: 'Aggregate' },
];

const EXPORTS: { kind: ExperimentExport; label: string }[] = [
  { kind: 'results-csv', label: 'Results CSV' },
  { kind: 'aggregate-csv', label: 'Aggregate CSV' },
  { kind: 'aggregate-md', label: 'Aggregate Markdown' },
  { kind: 'definition', label: 'Definition JSON' },
];

function formatEta(ms: number | undefined): string {
  if (ms === undefined) return '';
  if (ms <= 0) return '';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s left`;
  const m = Math.floor(s / 60);
  return m < 60 ? `${m} min ${s % 60} s left` : `${Math.floor(m / 60)} h ${m % 60} min left`;
}

export function ExperimentView() {
  const open = useExperimentStore((s) => s.open);
  if (!open) return null;
  return <ExperimentBody />;
}

function ExperimentBody() {
  const tab = useExperimentStore((s) => s.tab);
  const setTab = useExperimentStore((s) => s.setTab);
  const setOpen = useExperimentStore((s) => s.setOpen);
  const current = useExperimentStore((s) => s.current);
  const note = useExperimentStore((s) => s.note);
  const records = useExperimentStore((s) => s.records);
  const baseline = useExperimentStore((s) => s.baseline);
  const shown: RunSummary[] = useThrottled(records, AGGREGATE_EVERY_MS);
  const def = current?.definition;
  const agg = useMemo(() => (def && tab === 'aggregate' ? aggregateOf(def, shown, baseline) : null), [def, shown, baseline, tab]);

  return (
    <section className="experiment-view" data-testid="experiment-view" aria-labelledby="experiment-title">
      <header className="exp-head">
        <h2 id="experiment-title">Experiment{current ? `: ${current.definition.name}` : ''}</h2>
        <SavedPicker />
        <button type="button" className="exp-close" data-testid="experiment-close" onClick={() => setOpen(false)} title="Back to the map">
          Close
        </button>
      </header>
      {current && <ProgressBar />}
      {note && (
        <p className="exp-note" data-testid="experiment-note">
          {note}
        </p>
      )}
      <Tabs
        tabs={TABS.map((t) => ({ ...t, label: t.id === 'results' ? `${t.label} (${records.length})` : t.label, disabled: t.id !== 'setup' && !current }))}
        active={tab}
        onSelect={setTab}
        testIdPrefix="experiment-tab-"
        className="exp-tabs"
      >
        {current && (
          <span className="exp-exports">
            {EXPORTS.map((e) => (
              <button key={e.kind} type="button" data-testid={`experiment-export-${e.kind}`} onClick={() => void exportFile(e.kind)}>
                {e.label}
              </button>
            ))}
          </span>
        )}
      </Tabs>
      <div className="exp-body" role="tabpanel">
        {tab === 'setup' && <SetupForm />}
        {tab === 'results' && def && <ResultsTable def={def} records={records} />}
        {tab === 'aggregate' && def && agg && <AggregateView def={def} agg={agg} />}
      </div>
    </section>
  );
}

async function exportFile(kind: ExperimentExport): Promise<void> {
  const file = await buildExperimentExport(kind);
  if (file) download(file.name, new Blob([file.text], { type: file.type }));
}

function ProgressBar() {
  const progress = useExperimentStore((s) => s.progress);
  const runner = useExperimentStore((s) => s.runner);
  const current = useExperimentStore((s) => s.current)!;
  const total = progress?.total ?? current.total ?? 0;
  const done = progress?.done ?? 0;
  const state = runner ?? current.status;
  const going = state === 'running';
  const canResume = !going && (current.status === 'paused' || current.status === 'running' || current.status === 'failed' || state === 'paused');
  return (
    <div className="exp-progress" data-testid="experiment-progress" data-done={done} data-total={total} data-state={state}>
      <div className="bar" aria-hidden>
        <div style={{ transform: `scaleX(${total ? done / total : 0})` }} />
      </div>
      <span className="exp-count" data-testid="experiment-count">
        {done} / {total || '…'} runs
        {progress?.failed ? ` · ${progress.failed} failed` : ''}
        {going && progress?.etaMs !== undefined ? ` · ${formatEta(progress.etaMs)}` : ''}
        {' · '}
        <span data-testid="experiment-state">{state}</span>
        {current.error ? ` · ${current.error}` : ''}
      </span>
      <button type="button" data-testid="experiment-pause" disabled={!going} onClick={pauseExperiment}>
        Pause
      </button>
      <button type="button" data-testid="experiment-resume" disabled={!canResume} onClick={() => void resumeExperiment()}>
        Resume
      </button>
      <button type="button" data-testid="experiment-cancel" disabled={!going && state !== 'paused'} onClick={cancelExperiment}>
        Cancel
      </button>
    </div>
  );
}

function SavedPicker() {
  const saved = useExperimentStore((s) => s.saved);
  const current = useExperimentStore((s) => s.current);
  const runner = useExperimentStore((s) => s.runner);
  if (saved.length === 0) return null;
  return (
    <span className="exp-saved">
      <select
        data-testid="experiment-saved"
        value={current?.id ?? ''}
        disabled={runner === 'running'}
        title={runner === 'running' ? 'Pause or cancel the running experiment to look at another' : 'Experiments kept in this browser'}
        onChange={(e) => void selectExperiment(e.target.value)}
      >
        {saved.map((e) => (
          <option key={e.id} value={e.id}>
            {e.definition.name} · {new Date(e.createdAt).toLocaleString()} · {e.status}
          </option>
        ))}
      </select>
      {current && (
        <button type="button" data-testid="experiment-delete" title="Delete this experiment and its results from this browser" onClick={() => void deleteExperiment(current.id)}>
          Delete
        </button>
      )}
    </span>
  );
}
