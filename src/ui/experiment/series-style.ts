/** One colour and label per solver (and budget, when there are several) across the experiment's tables and plots. */
import { runColor } from '../compare/compare-model';
import { solverName } from '../../store/solver-choices';

export function solverColor(solvers: readonly string[], solver: string): string {
  return runColor(solvers.indexOf(solver) + 1);
}

export function solverLabel(solver: string): string {
  return solver === 'classical' ? 'classical' : solverName(solver);
}

export function seriesLabel(solver: string, budgetMs: number, budgets: number): string {
  return budgets > 1 ? `${solverLabel(solver)} · ${budgetMs / 1000} s` : solverLabel(solver);
}
