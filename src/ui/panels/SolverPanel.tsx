/** Choose a solver that handles the current problem and start a run (as many as wanted). */
import { useEffect, useMemo, useState } from 'react';
import { useAppStore } from '../../store';
import { problemName } from '../../store/actions';
import { solveCurrent } from '../../store/run-actions';
import { resolveChoice, solverChoices } from '../../store/solver-choices';
import { NEURAL_BACKENDS, type NeuralBackendChoice } from '../../store/runs-slice';
import { hasWebGpu } from './webgpu';
import './panels.css';

const BACKEND_LABELS: Record<NeuralBackendChoice, string> = { auto: 'Auto (WebGPU, else WASM)', webgpu: 'WebGPU', wasm: 'WebAssembly (CPU)' };

/** Empty means automatic: each new run of a solver on the instance takes the next seed. */
function SolverSeedField() {
  const seed = useAppStore((s) => s.solverSeed);
  const setSeed = useAppStore((s) => s.setSolverSeed);
  const [draft, setDraft] = useState<string | null>(null);
  const commit = () => {
    if (draft === null) return;
    const text = draft.trim();
    const v = Number(text);
    if (text === '') setSeed(null);
    else if (Number.isInteger(v) && v >= 0 && v <= 2 ** 31 - 1) setSeed(v);
    setDraft(null);
  };
  return (
    <label className="field" title="The solver's own seed, apart from the scenario's. Empty: 1, 2, 3, … for repeated runs of a solver on this scenario.">
      <span>Solver seed</span>
      <input
        type="text"
        inputMode="numeric"
        data-testid="solver-seed-input"
        placeholder="auto (1, 2, 3, …)"
        value={draft ?? (seed === null ? '' : String(seed))}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e) => {
          if (e.key === 'Enter') commit();
        }}
      />
    </label>
  );
}

/** Said as soon as WebGPU is chosen in a browser without an adapter, with the way out. */
function WebGpuNote() {
  const [missing, setMissing] = useState(false);
  useEffect(() => {
    let live = true;
    void hasWebGpu().then((yes) => live && setMissing(!yes));
    return () => {
      live = false;
    };
  }, []);
  if (!missing) return null;
  return (
    <p className="panel-note warn" data-testid="backend-note">
      This browser has no WebGPU adapter, so neural runs on WebGPU will fail.
      <button type="button" data-testid="use-wasm" onClick={() => useAppStore.getState().setNeuralBackend('wasm')}>
        Use WebAssembly
      </button>
    </p>
  );
}

export function SolverPanel() {
  const kind = useAppStore((s) => s.instance?.kind ?? s.scenario.problem);
  const hasInstance = useAppStore((s) => s.instance !== null);
  const solverId = useAppStore((s) => s.solverId);
  const setSolverId = useAppStore((s) => s.setSolverId);
  const timeLimitS = useAppStore((s) => s.timeLimitS);
  const setTimeLimitS = useAppStore((s) => s.setTimeLimitS);
  const solvers = useMemo(() => solverChoices(kind), [kind]);
  const neuralBackend = useAppStore((s) => s.neuralBackend);
  const setNeuralBackend = useAppStore((s) => s.setNeuralBackend);
  const hasBackends = !!resolveChoice(solverId, kind)?.backends.includes('wasm');

  // Keep the choice valid when the problem kind changes under it.
  useEffect(() => {
    if (solvers.length > 0 && !solvers.some((s) => s.id === solverId)) setSolverId(solvers[0].id);
  }, [solvers, solverId, setSolverId]);

  return (
    <section className="panel" aria-labelledby="solver-title">
      <h2 id="solver-title">Solve</h2>
      <label className="field">
        <span>Solver</span>
        <select data-testid="solver-select" value={solverId} onChange={(e) => setSolverId(e.target.value)} disabled={solvers.length === 0}>
          {solvers.length === 0 && <option value="">No solver for {problemName(kind)}</option>}
          {solvers.map((s) => (
            <option key={s.id} value={s.id} title={s.description}>
              {s.name}
            </option>
          ))}
        </select>
      </label>
      <label className="field">
        <span>Time limit (s)</span>
        <input
          type="number"
          data-testid="time-limit-input"
          min={0.1}
          step={1}
          value={timeLimitS}
          onChange={(e) => {
            const v = Number(e.target.value);
            if (Number.isFinite(v) && v > 0) setTimeLimitS(v);
          }}
        />
      </label>
      <SolverSeedField />
      {hasBackends && (
        <label className="field">
          <span>Backend</span>
          <select
            data-testid="backend-select"
            value={neuralBackend}
            title="Where the model runs: WebGPU when the browser offers an adapter (auto), else WebAssembly"
            onChange={(e) => setNeuralBackend(e.target.value as NeuralBackendChoice)}
          >
            {NEURAL_BACKENDS.map((b) => (
              <option key={b} value={b}>
                {BACKEND_LABELS[b]}
              </option>
            ))}
          </select>
        </label>
      )}
      {hasBackends && neuralBackend === 'webgpu' && <WebGpuNote />}
      <button
        type="button"
        className="primary"
        data-testid="solve-button"
        disabled={!hasInstance || solvers.length === 0}
        onClick={() => void solveCurrent()}
      >
        Solve
      </button>
    </section>
  );
}
