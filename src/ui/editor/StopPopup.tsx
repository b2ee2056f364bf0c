/**
 * What a planner can do with one stop, shown in a popup on the map next to it: edit its demand,
 * service and window, remove it, make it the depot, and (PVRP-ZC) choose the vehicles that may
 * serve it.
 */
import type { Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import { editableFields, isDepotNode } from '../../core/scenario';
import { makeNodeDepot, removeNode, setNodeAllowed } from '../../store/editor-actions';
import { FIELD_LABELS, NodeFieldCell, clockOf, timeUnitOf } from './fields';

export function StopPopup(props: { instance: Instance; node: number }) {
  const { instance, node } = props;
  const depot = isDepotNode(instance, node);
  const fields = editableFields(instance).filter((f) => !depot || f === 'ready' || f === 'due');
  const unit = timeUnitOf(instance);
  const zoned = traitsOf(instance.kind).zones;

  return (
    <div className="stop-popup" data-testid="stop-popup" data-node={node} data-label={instance.labels[node]}>
      <div className="stop-popup-title">
        <strong>{depot ? 'Depot' : 'Stop'} {instance.labels[node]}</strong>
        <span className="muted"> · node {node}</span>
      </div>
      {fields.length > 0 && (
        <div className="stop-popup-fields">
          {fields.map((f) => (
            <label key={f}>
              <span>
                {FIELD_LABELS[f]}
                {unit === 'min' && (f === 'service' || (f !== 'demand' && clockOf(instance) === undefined)) ? ' (min)' : ''}
              </span>
              <NodeFieldCell instance={instance} node={node} field={f} testId={`${f}-input`} />
            </label>
          ))}
        </div>
      )}
      {zoned && !depot && <AllowedVehicles instance={instance} node={node} />}
      {!depot && (
        <div className="stop-popup-actions">
          <button type="button" data-testid="remove-stop" onClick={() => removeNode(node)}>
            Remove
          </button>
          {instance.depot >= 0 && (
            <button type="button" data-testid="make-depot" onClick={() => makeNodeDepot(node)}>
              Make depot
            </button>
          )}
        </div>
      )}
      {depot && <p className="muted small">The depot: every route starts and ends here. Make another stop the depot to move it.</p>}
    </div>
  );
}

/** One checkbox per vehicle: ticked where the vehicle may serve the stop. */
function AllowedVehicles(props: { instance: Instance; node: number }) {
  const { instance, node } = props;
  const may = instance.vehicles.map((v) => !v.allowed || v.allowed[node] === 1);
  const servers = may.filter(Boolean).length;
  return (
    <fieldset className="stop-popup-vehicles">
      <legend>May be served by</legend>
      {instance.vehicles.map((v, k) => {
        // The last vehicle that may serve the stop cannot be unticked: the stop would be stranded.
        const last = may[k] && servers === 1;
        return (
          <label key={v.id} title={last ? 'No other vehicle may serve this stop' : undefined}>
            <input type="checkbox" data-testid={`allowed-${v.id}`} checked={may[k]} disabled={last} onChange={(e) => setNodeAllowed(node, k, e.target.checked)} />
            {v.id}
          </label>
        );
      })}
    </fieldset>
  );
}
