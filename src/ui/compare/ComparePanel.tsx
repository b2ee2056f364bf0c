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
import { Tabs } from '../panels/Tabs';
import { Timeline } from './Timeline';
import './compare.css';

type Tab = 'runs' | 'convergence' | 'timeline';

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
      <Tabs<Tab>
        tabs={[
          { id: 'runs', label: `Table (${count})` },
          { id: 'convergence', label: 'Convergence' },
          { id: 'timeline', label: 'Timeline', title: kind && !usesTimeWindows(kind) ? 'Travel and service per vehicle (this problem has no time windows)' : undefined },
        ]}
        active={tab}
        onSelect={setTab}
        testIdPrefix="tab-"
        lead={<h2 id="runs-title">Runs</h2>}
      />
      <div className="compare-body" role="tabpanel">
        {tab === 'runs' && <CompareTable />}
        {tab === 'convergence' && <Convergence />}
        {tab === 'timeline' && <Timeline />}
      </div>
    </section>
  );
}
