/**
 * Number inputs of the editor: they show a draft while the planner types, commit on Enter or
 * blur, and show why a value is refused right under the input. Times of road instances are
 * shown and typed in minutes (the instance keeps seconds), and as times of day (hh:mm) once the
 * scenario says when its day starts.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import { parseClock } from '../../core/clock';
import type { Instance } from '../../core/instance';
import { formatClock } from '../compare/format-time';
import { fieldProblems, nodeFields, type NodeFields } from '../../core/scenario';
import { editNode } from '../../store/editor-actions';

export type TimeUnit = 'min' | 'raw';

export function timeUnitOf(instance: Instance): TimeUnit {
  return instance.units.time === 's' ? 'min' : 'raw';
}

/** Seconds after midnight of time 0, when times (not durations) are read as times of day. */
export function clockOf(instance: Instance): number | undefined {
  return instance.units.time === 's' ? instance.meta.dayStart : undefined;
}

const TIME_OF_DAY = 'Type a time of day, e.g. 08:30';

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

function clockText(value: number, dayStart: number): string {
  return value === Infinity ? '' : formatClock(value, { units: { distance: 'm', time: 's' }, meta: { dayStart } });
}

/** A typed time of day → seconds after the day's start; '' is unbounded where allowed. NaN when unreadable. */
function fromClock(text: string, dayStart: number, allowInfinite: boolean): number {
  if (text.trim() === '' || text.trim() === '∞') return allowInfinite ? Infinity : NaN;
  const t = parseClock(text);
  return t === null ? NaN : t - dayStart;
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
  /** A time of day is shown and typed (hh:mm): the day's start in seconds after midnight. */
  clock?: number;
  allowInfinite?: boolean;
  placeholder?: string;
}

/** What a typed text means: a value, or why it cannot be read. */
type Reading<T> = { value: T } | { error: string };

interface DraftInputProps<T> {
  testId: string;
  label: string;
  /** The committed value as text, and the value itself (a change from elsewhere drops the draft). */
  shown: string;
  value: T;
  read: (text: string) => Reading<T>;
  /** Checks and commits a value; returns the message to show when refused, null when accepted. */
  commit: (value: T) => string | null;
  placeholder: string;
  inputMode?: 'decimal' | 'text';
}

/** An input that keeps a draft while the planner types, commits on Enter or blur, and shows a refusal inline. */
function DraftInput<T>(props: DraftInputProps<T>) {
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A new value from elsewhere (undo, another input) replaces a stale draft.
  useEffect(() => {
    setDraft(null);
    setError(null);
  }, [props.value]);

  const commit = () => {
    if (draft === null) return;
    const reading = props.read(draft);
    if ('error' in reading) {
      setError(reading.error);
      return;
    }
    const refused = props.commit(reading.value);
    setError(refused);
    if (!refused) setDraft(null);
  };
  return (
    <span className={`edit-cell${error ? ' invalid' : ''}`}>
      <input
        type="text"
        inputMode={props.inputMode ?? 'decimal'}
        aria-label={props.label}
        aria-invalid={error ? true : undefined}
        data-testid={props.testId}
        placeholder={props.placeholder}
        value={draft ?? props.shown}
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

/** A number (or, with `clock`, a time of day) that validates on commit and shows the refusal inline. */
export function NumberCell(props: NumberCellProps) {
  const { value, time = false, unit = 'raw', allowInfinite = false, clock } = props;
  const what = clock === undefined ? 'Type a number' : TIME_OF_DAY;
  const read = (text: string): Reading<number> => {
    const v = clock === undefined ? fromDisplay(text, time, unit, allowInfinite) : fromClock(text, clock, allowInfinite);
    return Number.isNaN(v) ? { error: allowInfinite ? `${what}, or leave empty for no limit` : what } : { value: v };
  };
  return (
    <DraftInput
      testId={props.testId}
      label={props.label}
      value={value}
      shown={clock === undefined ? toDisplay(value, time, unit) : clockText(value, clock)}
      read={read}
      commit={props.commit}
      placeholder={props.placeholder ?? (allowInfinite ? '∞' : clock !== undefined ? 'hh:mm' : '')}
    />
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
      clock={field === 'service' ? undefined : clockOf(instance)}
      allowInfinite={field === 'due'}
      commit={(v) => commitNodeField(instance, node, field, v)}
    />
  );
}

/** A time of day (hh:mm), or empty for none. */
export function ClockCell(props: { testId: string; label: string; value: number | undefined; commit: (seconds: number | undefined) => string | null }) {
  const read = (text: string): Reading<number | undefined> => {
    if (text.trim() === '') return { value: undefined };
    const t = parseClock(text);
    return t === null ? { error: `${TIME_OF_DAY}, or leave empty` } : { value: t };
  };
  return (
    <DraftInput
      testId={props.testId}
      label={props.label}
      value={props.value}
      shown={props.value === undefined ? '' : clockText(props.value, 0)}
      read={read}
      commit={props.commit}
      placeholder="hh:mm"
      inputMode="text"
    />
  );
}
