/**
 * The runs on the current instance. The table grew into the compare panel (src/ui/compare):
 * live progress with Stop and Cancel while a run goes, then its KPIs (every one from evaluate()),
 * sorting, selection, map visibility, the convergence plot and the timeline.
 */
export { ComparePanel as RunsTable } from '../compare/ComparePanel';
