/**
 * A row of tabs (the runs panel's table / convergence / timeline, the experiment's setup /
 * results / aggregate): pill buttons with the tab roles, the active one marked. `lead` goes
 * before the buttons (a heading), `children` after them (actions at the row's end).
 */
import type { ReactNode } from 'react';
import './tabs.css';

export interface TabSpec<T extends string> {
  id: T;
  label: string;
  title?: string;
  disabled?: boolean;
}

interface TabsProps<T extends string> {
  tabs: readonly TabSpec<T>[];
  active: T;
  onSelect: (id: T) => void;
  /** Each button's data-testid is this followed by its tab's id. */
  testIdPrefix: string;
  className?: string;
  lead?: ReactNode;
  children?: ReactNode;
}

export function Tabs<T extends string>({ tabs, active, onSelect, testIdPrefix, className, lead, children }: TabsProps<T>) {
  return (
    <div className={className ? `tabs ${className}` : 'tabs'} role="tablist">
      {lead}
      {tabs.map((t) => (
        <button
          key={t.id}
          type="button"
          role="tab"
          aria-selected={active === t.id}
          className={active === t.id ? 'tab active' : 'tab'}
          data-testid={`${testIdPrefix}${t.id}`}
          title={t.title}
          disabled={t.disabled}
          onClick={() => onSelect(t.id)}
        >
          {t.label}
        </button>
      ))}
      {children}
    </div>
  );
}
