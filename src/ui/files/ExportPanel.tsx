/** Exports of the selected run (or the best one) and of the scenario; see store/exports.ts. */
import { useAppStore } from '../../store';
import { EXPORTS, exportTarget } from '../../store/exports';
import { solverName } from '../../store/solver-choices';
import { downloadExport } from './download';

export function ExportPanel() {
  // Primitives only: a selector returning a fresh object would re-render forever.
  const hasTarget = useAppStore((s) => exportTarget(s) !== null);
  const runId = useAppStore((s) => exportTarget(s)?.run?.id ?? null);
  const runs = useAppStore((s) => s.runs);
  const run = runs.find((r) => r.id === runId) ?? null;
  const number = run ? runs.filter((r) => r.instanceId === run.instanceId).indexOf(run) + 1 : 0;
  return (
    <section className="panel export-panel" aria-labelledby="export-title">
      <h2 id="export-title">Export</h2>
      <p className="hint" data-testid="export-target" data-run-id={run?.id ?? ''}>
        {run ? `Run ${number}: ${run.alias && run.solverId === 'imported' ? run.alias : solverName(run.solverId)}` : 'No run yet: the scenario alone'}
      </p>
      <div className="export-buttons">
        {EXPORTS.map((e) => (
          <button
            key={e.kind}
            type="button"
            data-testid={`export-${e.kind}`}
            title={e.title}
            disabled={!hasTarget || (e.needsRun && !run)}
            onClick={() => void downloadExport(e.kind)}
          >
            {e.label}
          </button>
        ))}
      </div>
    </section>
  );
}
