/**
 * Number inputs of the editor: they show a draft while the planner types, commit on Enter or
 * blur, and show why a value is refused right under the input. Times of road instances are
 * shown and typed in minutes (the instance keeps seconds).
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import type { Instance } from '../../core/instance';
import { fieldProblems, nodeFields, type NodeFields } from '../../core/scenario';
import { editNode } from '../../store/editor-actions';

export type TimeUnit = 'min' | 'raw';

export function timeUnitOf(instance: Instance): TimeUnit {
  return instance.units.time === 's' ? 'min' : 'raw';
}

const TIME_FIELDS = new Set<keyof NodeFields>(['service', 'ready', 'due']);

/** Instance value → what the input shows: minutes with one decimal for road data, '' for unbounded. */
export function toDisplay(value: number, time: boolean, unit: TimeUnit): string {
  if (value === Infinity) return '';
  const v = time && unit === 'min' ? value / 60 : value;
  return String(Math.round(v * 10) / 10);
}

/** What the planner typed → instance value; '' means unbounded where that is allowed. NaN when unreadable. */
export function fromDisplay(text: string, time: boolean, unit: TimeUnit, allowInfinite: boolean): number {
  const t = text.trim();
  if (t === '' || t === '∞') return allowInfinite ? Infinity : NaN;
  const v = Number(t);
  if (!Number.isFinite(v)) return NaN;
  return time && unit === 'min' ? v * 60 : v;
}

export const FIELD_LABELS: Record<keyof NodeFields, string> = {
  demand: 'Demand',
  service: 'Service',
  ready: 'Ready',
  due: 'Due',
};

interface NumberCellProps {
  testId: string;
  value: number;
  label: string;
  /** Checks and commits a value; returns the message to show when refused, null when accepted. */
  commit: (value: number) => string | null;
  time?: boolean;
  unit?: TimeUnit;
  allowInfinite?: boolean;
  placeholder?: string;
}

/** A number input that validates on commit and shows the refusal inline. */
export function NumberCell(props: NumberCellProps) {
  const { value, time = false, unit = 'raw', allowInfinite = false } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A new value from elsewhere (undo, another input) replaces a stale draft.
  useEffect(() => {
    setDraft(null);
    setError(null);
  }, [value]);

  const commit = () => {
    if (draft === null) return;
    const v = fromDisplay(draft, time, unit, allowInfinite);
    if (Number.isNaN(v)) {
      setError(allowInfinite ? 'Type a number, or leave empty for no limit' : 'Type a number');
      return;
    }
    const refused = props.commit(v);
    setError(refused);
    if (!refused) setDraft(null);
  };
  return (
    <span className={`edit-cell${error ? ' invalid' : ''}`}>
      <input
        type="text"
        inputMode="decimal"
        aria-label={props.label}
        aria-invalid={error ? true : undefined}
        data-testid={props.testId}
        placeholder={props.placeholder ?? (allowInfinite ? '∞' : '')}
        value={draft ?? toDisplay(value, time, unit)}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={commit}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter') commit();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error && (
        <span className="edit-error" role="alert" data-testid={`${props.testId}-error`}>
          {error}
        </span>
      )}
    </span>
  );
}

/** Validates a node field against the instance (window order, signs) and commits it. */
export function commitNodeField(instance: Instance, node: number, field: keyof NodeFields, value: number): string | null {
  if (Object.is(instance[field][node], value)) return null;
  const merged = { ...nodeFields(instance, node), [field]: value };
  const problem = fieldProblems(instance, node, merged)[0];
  if (problem) return problem.message.charAt(0).toUpperCase() + problem.message.slice(1);
  return editNode(node, { [field]: value }) ? null : 'The edit was refused (see the editor message)';
}

export function NodeFieldCell(props: { instance: Instance; node: number; field: keyof NodeFields; testId: string }) {
  const { instance, node, field } = props;
  const time = TIME_FIELDS.has(field);
  return (
    <NumberCell
      testId={props.testId}
      label={`${FIELD_LABELS[field]} of ${instance.labels[node]}`}
      value={instance[field][node]}
      time={time}
      unit={timeUnitOf(instance)}
      allowInfinite={field === 'due'}
      commit={(v) => commitNodeField(instance, node, field, v)}
    />
  );
}
