/**
 * Every node with its editable fields, a page at a time (a city scenario can hold 1000 stops):
 * demand for capacitated kinds, plus service and window for ACVRPTW. Invalid values are refused
 * inline, next to the cell. The selected stop's page follows the map.
 */
import { useEffect, useState } from 'react';
import type { Instance } from '../../core/instance';
import { editableFields, isDepotNode, type NodeFields } from '../../core/scenario';
import { useAppStore } from '../../store';
import { removeNode } from '../../store/editor-actions';
import { FIELD_LABELS, NodeFieldCell, clockOf, timeUnitOf } from './fields';

const PAGE = 25;

const SHORT_LABELS: Record<keyof NodeFields, string> = { demand: 'Dem.', service: 'Svc', ready: 'Ready', due: 'Due' };

export function StopsTable({ instance }: { instance: Instance }) {
  const [open, setOpen] = useState(false);
  const [page, setPage] = useState(0);
  const selected = useAppStore((s) => s.selectedNode);
  const selectNode = useAppStore((s) => s.selectNode);
  const fields = editableFields(instance);
  const unit = timeUnitOf(instance);
  const clock = clockOf(instance) !== undefined;
  const inMinutes = (f: keyof NodeFields) => unit === 'min' && (f === 'service' || (f !== 'demand' && !clock));
  const pages = Math.max(1, Math.ceil(instance.n / PAGE));
  const shownPage = Math.min(page, pages - 1);

  useEffect(() => {
    if (selected !== null && selected < instance.n) setPage(Math.floor(selected / PAGE));
  }, [selected, instance.n]);

  const rows: number[] = [];
  for (let i = shownPage * PAGE; i < Math.min(instance.n, (shownPage + 1) * PAGE); i++) rows.push(i);

  return (
    <details className="editor-sub" data-testid="stops-details" open={open} onToggle={(e) => setOpen((e.target as HTMLDetailsElement).open)}>
      <summary>
        <h3>Stops ({instance.n} nodes)</h3>
      </summary>
      {open && (
        <>
          <table className="editor-table stops-table" data-testid="stops-table">
            <thead>
              <tr>
                <th>Node</th>
                {fields.map((f) => (
                  <th key={f} title={`${FIELD_LABELS[f]}${inMinutes(f) ? ' (minutes)' : clock && f !== 'demand' ? ' (time of day)' : ''}`}>
                    {SHORT_LABELS[f]}
                  </th>
                ))}
                <th />
              </tr>
            </thead>
            <tbody>
              {rows.map((j) => {
                const depot = isDepotNode(instance, j);
                return (
                  <tr key={`${instance.labels[j]}-${j}`} data-testid="stop-row" data-node={j} className={j === selected ? 'selected' : undefined}>
                    <td>
                      <button type="button" className="link" onClick={() => selectNode(j)} title="Select on the map">
                        {depot ? `⌂ ${instance.labels[j]}` : instance.labels[j]}
                      </button>
                    </td>
                    {fields.map((f) => (
                      <td key={f}>{depot && f !== 'ready' && f !== 'due' ? <span className="muted">–</span> : <NodeFieldCell instance={instance} node={j} field={f} testId={`stop-${f}`} />}</td>
                    ))}
                    <td>
                      {!depot && (
                        <button type="button" className="icon" data-testid="row-remove" aria-label={`Remove ${instance.labels[j]}`} title="Remove this stop" onClick={() => removeNode(j)}>
                          ✕
                        </button>
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
          {unit === 'min' && fields.length > 1 && (
            <p className="muted small">{clock ? 'Windows as times of day, service in minutes' : 'Service and window in minutes'}; an empty Due means no limit.</p>
          )}
          {pages > 1 && (
            <div className="editor-pager">
              <button type="button" data-testid="stops-prev" disabled={shownPage === 0} onClick={() => setPage(shownPage - 1)}>
                ‹
              </button>
              <span>
                {shownPage * PAGE + 1}–{Math.min(instance.n, (shownPage + 1) * PAGE)} of {instance.n}
              </span>
              <button type="button" data-testid="stops-next" disabled={shownPage >= pages - 1} onClick={() => setPage(shownPage + 1)}>
                ›
              </button>
            </div>
          )}
        </>
      )}
    </details>
  );
}
