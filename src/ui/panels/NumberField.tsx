/**
 * A whole number of the scenario (stops, seed). It applies on Enter and when the planner leaves
 * the field; a value out of range is refused with the range, and what she typed stays to fix.
 */
import { useEffect, useState, type KeyboardEvent } from 'react';
import './panels.css';

interface NumberFieldProps {
  label: string;
  testId: string;
  /** null: nothing to show (an uploaded file has no seed). */
  value: number | null;
  min: number;
  max: number;
  /** Why a number outside min..max cannot be used, said with the limits. */
  rangeText: string;
  onCommit: (value: number) => void;
  /** Enter on an unchanged value (resample, as the Sample button does). */
  onRepeat?: () => void;
}

type Outcome = 'invalid' | 'same' | 'changed';

export function NumberField(props: NumberFieldProps) {
  const { value, min, max } = props;
  const [draft, setDraft] = useState<string | null>(null);
  const [error, setError] = useState<string | null>(null);
  // A value set elsewhere (an upload, a restored session) replaces what was being typed.
  useEffect(() => {
    setDraft(null);
    setError(null);
  }, [value]);

  const commit = (): Outcome => {
    if (draft === null) return 'same';
    const v = Number(draft.trim());
    if (draft.trim() === '' || !Number.isInteger(v) || v < min || v > max) {
      setError(props.rangeText);
      return 'invalid';
    }
    setDraft(null);
    setError(null);
    if (v === value) return 'same';
    props.onCommit(v);
    return 'changed';
  };
  return (
    <label className={`field${error ? ' invalid' : ''}`} title={props.rangeText}>
      <span>{props.label}</span>
      <input
        type="number"
        data-testid={props.testId}
        min={min}
        max={max}
        step={1}
        placeholder={value === null ? '–' : undefined}
        aria-invalid={error ? true : undefined}
        value={draft ?? (value === null ? '' : String(value))}
        onChange={(e) => setDraft(e.target.value)}
        onBlur={() => void commit()}
        onKeyDown={(e: KeyboardEvent<HTMLInputElement>) => {
          if (e.key === 'Enter' && commit() === 'same') props.onRepeat?.();
          if (e.key === 'Escape') {
            setDraft(null);
            setError(null);
          }
        }}
      />
      {error && (
        <span className="field-error" role="alert" data-testid={`${props.testId}-error`}>
          {error}
        </span>
      )}
    </label>
  );
}
