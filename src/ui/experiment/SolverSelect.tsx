/** A labelled choice among the experiment's solvers (the aggregate's baseline, the results' filter). */
import { solverLabel } from './series-style';

export function SolverSelect(props: { label: string; testId: string; solvers: readonly string[]; value: string; onChange: (solver: string) => void; anyLabel?: string }) {
  return (
    <label className="field inline">
      <span>{props.label}</span>
      <select data-testid={props.testId} value={props.value} onChange={(e) => props.onChange(e.target.value)}>
        {props.anyLabel && <option value="">{props.anyLabel}</option>}
        {props.solvers.map((s) => (
          <option key={s} value={s}>
            {solverLabel(s)}
          </option>
        ))}
      </select>
    </label>
  );
}
