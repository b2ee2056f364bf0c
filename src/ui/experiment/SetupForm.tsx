/**
 * A new experiment: its instances (a problem file or a range of its batch, samples of a city,
 * or the instances open now), solvers, solver seeds, time budgets and baseline, best-known costs
 * from `.sol` files; or a definition file exported before.
 */
import { useMemo, useState } from 'react';
import { cityLabel } from '../../core/cities/city';
import { DISTRIBUTIONS, type Distribution } from '../../core/cities/sampler';
import { parseDefinition, sourceFile } from '../../core/experiment/definition';
import { PROBLEM_KINDS, type ProblemKind } from '../../core/instance';
import { useAppStore } from '../../store';
import { createExperiment, EXPERIMENT_SOLVERS, openInstancesSource } from '../../store/experiment-actions';
import { useExperimentStore } from '../../store/experiment-store';
import { lastProblemFileOf } from '../../store/file-actions';
import { solverChoices } from '../../store/solver-choices';
import { CityOptions } from '../panels/CityOptions';
import { buildDefinition, plannedRuns, type SetupForm as Form, type SourceChoice } from './setup-model';

function initialForm(): Form {
  const app = useAppStore.getState();
  const file = lastProblemFileOf();
  return {
    name: file ? file.name.replace(/\.[^.]+$/, '') : `${cityLabel(app.scenario.city)} ${app.scenario.problem}`,
    source: file ? 'file' : 'sample',
    fileName: file?.name ?? null,
    from: '',
    to: '',
    city: app.scenario.city,
    problem: app.scenario.problem,
    n: String(app.scenario.n),
    distribution: app.scenario.distribution,
    sampleFrom: '1',
    sampleTo: '10',
    solvers: [],
    seeds: '1, 2',
    budgets: '1',
    baseline: '',
    backend: app.neuralBackend,
  };
}

export function SetupForm() {
  const [form, setForm] = useState<Form>(initialForm);
  const [picked, setPicked] = useState<File | null>(null);
  const [solFiles, setSolFiles] = useState<File[]>([]);
  const [formError, setFormError] = useState<string | null>(null);
  const error = useExperimentStore((s) => s.error);
  const userCities = useAppStore((s) => s.userCities);
  const fileChoice = useAppStore((s) => s.fileChoice);
  const appKind = useAppStore((s) => s.instance?.kind ?? s.scenario.problem);
  const open = useMemo(() => (form.source === 'open' ? openInstancesSource() : { instances: [], names: [] }), [form.source]);
  const kind: ProblemKind = form.source === 'sample' ? form.problem : appKind;
  const choices = useMemo(() => solverChoices(kind), [kind]);
  const file = picked ?? lastProblemFileOf();
  const count = form.source === 'open' ? open.instances.length : form.source === 'sample' ? sampledCount(form) : fileCount(form, file, fileChoice);
  const runs = plannedRuns(form, count);
  const patch = (p: Partial<Form>) => setForm((f) => ({ ...f, ...p }));

  const toggleSolver = (id: string, on: boolean) =>
    setForm((f) => {
      const solvers = on ? [...f.solvers.filter((s) => s !== id), id] : f.solvers.filter((s) => s !== id);
      return { ...f, solvers, baseline: solvers.includes(f.baseline) ? f.baseline : (solvers[0] ?? '') };
    });

  const start = async () => {
    const built = buildDefinition({ ...form, fileName: form.source === 'file' ? (file?.name ?? null) : form.fileName }, open);
    if ('error' in built) {
      setFormError(built.error);
      return;
    }
    setFormError(null);
    const bytes = sourceFile(built.definition.instances) !== null && file ? new Uint8Array(await file.arrayBuffer()) : undefined;
    await createExperiment({ ...built, bytes, solFiles });
  };

  const openDefinition = async (def: File) => {
    const parsed = parseDefinition(def.name, await def.text(), EXPERIMENT_SOLVERS);
    if (!parsed.ok) {
      setFormError(parsed.error.message);
      return;
    }
    const needed = sourceFile(parsed.value.instances);
    if (needed !== null && file?.name !== needed) {
      setFormError(`${def.name} runs on ${needed}: choose that file under Instances first`);
      return;
    }
    setFormError(null);
    const bytes = needed !== null && file ? new Uint8Array(await file.arrayBuffer()) : undefined;
    await createExperiment({ definition: parsed.value, definitionFile: needed ?? def.name, bytes });
  };

  return (
    <form
      className="exp-setup"
      data-testid="experiment-setup"
      onSubmit={(e) => {
        e.preventDefault();
        void start();
      }}
    >
      <fieldset className="group-box">
        <legend>Instances</legend>
        <div className="exp-choices" role="radiogroup">
          {(['file', 'sample', 'open'] as SourceChoice[]).map((s) => (
            <label key={s}>
              <input type="radio" name="exp-source" data-testid={`experiment-source-${s}`} checked={form.source === s} onChange={() => patch({ source: s })} />{' '}
              {s === 'file' ? 'A problem file' : s === 'sample' ? 'Samples of a city' : 'The instances open now'}
            </label>
          ))}
        </div>
        {form.source === 'file' && (
          <div className="field-row">
            <label className="field">
              <span>File {file ? `· ${file.name}${count !== null ? ` (${count} instance${count === 1 ? '' : 's'})` : ''}` : '· none yet'}</span>
              <input type="file" data-testid="experiment-file-input" onChange={(e) => setPicked(e.target.files?.[0] ?? null)} />
            </label>
            <label className="field narrow">
              <span>From</span>
              <input data-testid="experiment-from" placeholder="first" value={form.from} onChange={(e) => patch({ from: e.target.value })} />
            </label>
            <label className="field narrow">
              <span>To</span>
              <input data-testid="experiment-to" placeholder="last" value={form.to} onChange={(e) => patch({ to: e.target.value })} />
            </label>
          </div>
        )}
        {form.source === 'sample' && (
          <div className="field-row wrap">
            <label className="field">
              <span>City</span>
              <select data-testid="experiment-city" value={form.city} onChange={(e) => patch({ city: e.target.value })}>
                <CityOptions userCities={userCities} />
              </select>
            </label>
            <label className="field">
              <span>Problem</span>
              <select data-testid="experiment-problem" value={form.problem} onChange={(e) => patch({ problem: e.target.value as ProblemKind, solvers: [], baseline: '' })}>
                {PROBLEM_KINDS.map((k) => (
                  <option key={k} value={k}>
                    {k.toUpperCase()}
                  </option>
                ))}
              </select>
            </label>
            <label className="field narrow">
              <span>Stops</span>
              <input data-testid="experiment-n" value={form.n} onChange={(e) => patch({ n: e.target.value })} />
            </label>
            <label className="field">
              <span>Distribution</span>
              <select value={form.distribution} onChange={(e) => patch({ distribution: e.target.value as Distribution })}>
                {DISTRIBUTIONS.map((d) => (
                  <option key={d} value={d}>
                    {d}
                  </option>
                ))}
              </select>
            </label>
            <label className="field narrow">
              <span>Sampler seeds from</span>
              <input data-testid="experiment-sample-from" value={form.sampleFrom} onChange={(e) => patch({ sampleFrom: e.target.value })} />
            </label>
            <label className="field narrow">
              <span>to</span>
              <input data-testid="experiment-sample-to" value={form.sampleTo} onChange={(e) => patch({ sampleTo: e.target.value })} />
            </label>
          </div>
        )}
        {form.source === 'open' && (
          <p className="muted" data-testid="experiment-open-list">
            {open.names.length ? `${open.names.length} open: ${open.names.join(', ')}` : 'No instance is open.'}
          </p>
        )}
      </fieldset>
      <fieldset className="group-box">
        <legend>Solvers</legend>
        <div className="exp-choices">
          {choices.map((c) => (
            <label key={c.id} title={c.description}>
              <input type="checkbox" data-testid={`experiment-solver-${c.id}`} checked={form.solvers.includes(c.id)} onChange={(e) => toggleSolver(c.id, e.target.checked)} /> {c.name}
            </label>
          ))}
        </div>
        <div className="field-row wrap">
          <label className="field" title="Every (instance, solver, budget) runs once per solver seed; the scenario seeds are the instances' own">
            <span>Solver seeds</span>
            <input data-testid="experiment-seeds" value={form.seeds} onChange={(e) => patch({ seeds: e.target.value })} placeholder="1, 2 or 1-5" />
          </label>
          <label className="field">
            <span>Time budgets (s)</span>
            <input data-testid="experiment-budgets" value={form.budgets} onChange={(e) => patch({ budgets: e.target.value })} placeholder="1, 2" />
          </label>
          <label className="field">
            <span>Baseline</span>
            <select data-testid="experiment-baseline-setup" value={form.baseline} onChange={(e) => patch({ baseline: e.target.value })}>
              {form.solvers.map((s) => (
                <option key={s} value={s}>
                  {choices.find((c) => c.id === s)?.name ?? s}
                </option>
              ))}
            </select>
          </label>
        </div>
      </fieldset>
      <fieldset className="group-box">
        <legend>Name and references</legend>
        <div className="field-row wrap">
          <label className="field">
            <span>Name</span>
            <input data-testid="experiment-name" value={form.name} onChange={(e) => patch({ name: e.target.value })} />
          </label>
          <label className="field" title="CVRPLIB .sol files named like their instance: their cost becomes the instance's reference instead of the best run">
            <span>Best-known solutions (.sol, optional)</span>
            <input type="file" multiple accept=".sol" data-testid="experiment-sol-input" onChange={(e) => setSolFiles([...(e.target.files ?? [])])} />
          </label>
        </div>
      </fieldset>
      {(formError ?? error) && (
        <p className="exp-error" data-testid="experiment-error">
          {formError ?? error}
        </p>
      )}
      <div className="exp-actions">
        <button type="submit" className="primary" data-testid="experiment-start" disabled={form.solvers.length === 0}>
          Start{runs !== null ? ` ${runs} run${runs === 1 ? '' : 's'}` : ''}
        </button>
        <label className="file-button" title="Run a definition exported before (the CLI runs the same file)">
          Open a definition…
          <input
            type="file"
            accept=".json"
            data-testid="experiment-definition-input"
            onChange={(e) => {
              const f = e.target.files?.[0];
              if (f) void openDefinition(f);
              e.target.value = '';
            }}
          />
        </label>
      </div>
    </form>
  );
}

function sampledCount(form: Form): number | null {
  const from = Number(form.sampleFrom);
  const to = Number(form.sampleTo);
  return Number.isInteger(from) && Number.isInteger(to) && to >= from ? to - from + 1 : null;
}

/** Known for the last dropped file (the files panel read it); a range narrows it. */
function fileCount(form: Form, file: File | null, choice: { file: string; count: number } | null): number | null {
  if (!file) return null;
  const total = choice?.file === file.name ? choice.count : file === lastProblemFileOf() ? 1 : null;
  if (total === null) return null;
  const from = form.from.trim() === '' ? 0 : Number(form.from);
  const to = form.to.trim() === '' ? total - 1 : Number(form.to);
  return Number.isInteger(from) && Number.isInteger(to) && to >= from ? Math.min(total - 1, to) - from + 1 : null;
}
