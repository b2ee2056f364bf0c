/** The side panel's entry to experiments: open the view, and the running experiment's progress at a glance. */
import { useExperimentStore } from '../../store/experiment-store';

export function ExperimentPanel() {
  const setOpen = useExperimentStore((s) => s.setOpen);
  const setTab = useExperimentStore((s) => s.setTab);
  const current = useExperimentStore((s) => s.current);
  const progress = useExperimentStore((s) => s.progress);
  const runner = useExperimentStore((s) => s.runner);
  const state = runner ?? current?.status;
  return (
    <section className="panel" aria-labelledby="experiments-title">
      <h2 id="experiments-title">Experiments</h2>
      <p className="summary" data-testid="experiment-summary">
        {current ? (
          <>
            {current.definition.name}: <strong>{progress?.done ?? 0}</strong> / {progress?.total ?? current.total ?? '…'} runs · {state}
          </>
        ) : (
          'Solvers × instances × seeds × time budgets, with statistics'
        )}
      </p>
      <button
        type="button"
        data-testid="experiments-button"
        onClick={() => {
          if (!current) setTab('setup');
          setOpen(true);
        }}
      >
        {current ? 'Open the experiment' : 'New experiment…'}
      </button>
    </section>
  );
}
