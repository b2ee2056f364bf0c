/**
 * The panel under the map: the compare table of runs, and on tabs the convergence plot and the
 * selected run's per-vehicle timeline. A fixed height, so that rows coming and going never
 * resize the map (a full WebGL redraw).
 */
import { useState } from 'react';
import { usesTimeWindows } from '../../core/instance';
import { useAppStore } from '../../store';
import { sameScenario } from '../../store/instance-ids';
import { CompareTable } from './CompareTable';
import { Convergence } from './Convergence';
import { Timeline } from './Timeline';
import './compare.css';

type Tab = 'runs' | 'convergence' | 'timeline';

const TABS: { id: Tab; label: string }[] = [
  { id: 'runs', label: 'Runs' },
  { id: 'convergence', label: 'Convergence' },
  { id: 'timeline', label: 'Timeline' },
];

export function ComparePanel() {
  const [tab, setTab] = useState<Tab>('runs');
  const kind = useAppStore((s) => s.instance?.kind);
  // Runs on every version of the scenario: the table lists the stale ones too.
  const count = useAppStore((s) => {
    const id = s.instance?.id;
    return id === undefined ? 0 : s.runs.filter((r) => sameScenario(r.instanceId, id)).length;
  });
  return (
    <section className="runs compare-panel" aria-labelledby="runs-title">
      <div className="compare-tabs" role="tablist">
        <h2 id="runs-title">Runs</h2>
        {TABS.map((t) => (
          <button
            key={t.id}
            type="button"
            role="tab"
            aria-selected={tab === t.id}
            className={tab === t.id ? 'tab active' : 'tab'}
            data-testid={`tab-${t.id}`}
            onClick={() => setTab(t.id)}
            title={t.id === 'timeline' && kind && !usesTimeWindows(kind) ? 'Travel and service per vehicle (this problem has no time windows)' : undefined}
          >
            {t.id === 'runs' ? `Table (${count})` : t.label}
          </button>
        ))}
      </div>
      <div className="compare-body" role="tabpanel">
        {tab === 'runs' && <CompareTable />}
        {tab === 'convergence' && <Convergence />}
        {tab === 'timeline' && <Timeline />}
      </div>
    </section>
  );
}
