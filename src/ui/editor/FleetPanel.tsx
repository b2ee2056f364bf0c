/**
 * The fleet: one vehicle type (count, capacity, shift) for ACVRP / ACVRPTW, and for PVRP the
 * vehicles one by one with their profiles: select a vehicle, then paint its zone bans or
 * preferences on the map (area or sectors) or tick its vehicles in a stop's popup.
 */
import { useEffect } from 'react';
import { isProfiled, usesTimeWindows, type Instance } from '../../core/instance';
import { traitsOf } from '../../core/problems';
import { bannedNodes } from '../../core/scenario';
import { useAppStore } from '../../store';
import { clearBans, editVehicle, setDayStart, setFleetSize } from '../../store/editor-actions';
import type { PaintAction } from '../../store/editor-slice';
import { ClockCell, NumberCell, clockOf, timeUnitOf } from './fields';

export function FleetPanel(props: { instance: Instance }) {
  const { instance } = props;
  if (traitsOf(instance.kind).tour) {
    return (
      <div className="editor-sub" data-testid="fleet-panel">
        <h3>Fleet</h3>
        <p className="muted small">An ATSP tour has one salesman: there is no fleet to edit.</p>
      </div>
    );
  }
  return isProfiled(instance.kind) ? <ProfiledFleet instance={instance} /> : <SingleTypeFleet instance={instance} />;
}

function refusal(ok: boolean): string | null {
  return ok ? null : (useAppStore.getState().editMessage?.text ?? 'Refused');
}

function SingleTypeFleet({ instance }: { instance: Instance }) {
  const v = instance.vehicles[0];
  const tw = usesTimeWindows(instance.kind);
  const unit = timeUnitOf(instance);
  const clock = clockOf(instance);
  const minutes = unit === 'min' && clock === undefined ? ' (min)' : '';
  return (
    <div className="editor-sub" data-testid="fleet-panel">
      <h3>Fleet</h3>
      <div className="editor-grid">
        <label>
          <span>Vehicles</span>
          <NumberCell testId="fleet-count" label="Number of vehicles" value={v.count} allowInfinite commit={(x) => (x === v.count ? null : refusal(setFleetSize(x)))} />
        </label>
        <label>
          <span>Capacity</span>
          <NumberCell testId="fleet-capacity" label="Capacity" value={v.capacity} allowInfinite commit={(x) => (x === v.capacity ? null : refusal(editVehicle(0, { capacity: x })))} />
        </label>
        {tw && (
          <>
            <label>
              <span>Shift start{minutes}</span>
              <NumberCell testId="fleet-shift-start" label="Shift start" value={v.shift[0]} time unit={unit} clock={clock} commit={(x) => (x === v.shift[0] ? null : refusal(editVehicle(0, { shift: [x, v.shift[1]] })))} />
            </label>
            <label>
              <span>Shift end{minutes}</span>
              <NumberCell testId="fleet-shift-end" label="Shift end" value={v.shift[1]} time unit={unit} clock={clock} allowInfinite commit={(x) => (x === v.shift[1] ? null : refusal(editVehicle(0, { shift: [v.shift[0], x] })))} />
            </label>
            {unit === 'min' && (
              <label title="The time of day at which the scenario's time 0 falls: times are then shown as clock times. Empty: times count from the start.">
                <span>Day starts at</span>
                <ClockCell testId="fleet-day-start" label="Day starts at" value={instance.meta.dayStart} commit={(t) => (t === instance.meta.dayStart ? null : refusal(setDayStart(t)))} />
              </label>
            )}
          </>
        )}
      </div>
      <p className="muted small">Leave Vehicles or Capacity empty for no limit.</p>
    </div>
  );
}

const SECTOR_CHOICES = [4, 6, 8, 12];

function ProfiledFleet({ instance }: { instance: Instance }) {
  const selected = useAppStore((s) => Math.min(s.selectedVehicle, instance.vehicles.length - 1));
  const selectVehicle = useAppStore((s) => s.selectVehicle);
  const action = useAppStore((s) => s.paintAction);
  const setAction = useAppStore((s) => s.setPaintAction);
  const preference = useAppStore((s) => s.paintPreference);
  const setPreference = useAppStore((s) => s.setPaintPreference);
  const sectors = useAppStore((s) => s.sectorCount);
  const setSectors = useAppStore((s) => s.setSectorCount);
  const zoned = traitsOf(instance.kind).zones;
  const actions: PaintAction[] = zoned ? ['ban', 'allow'] : ['prefer', 'ban', 'allow'];
  const shown = actions.includes(action) ? action : actions[0];
  useEffect(() => {
    if (shown !== action) setAction(shown);
  }, [shown, action, setAction]);

  return (
    <div className="editor-sub" data-testid="fleet-panel">
      <h3>Fleet and profiles</h3>
      <div className="editor-grid">
        <label>
          <span>Vehicles</span>
          <NumberCell testId="fleet-count" label="Number of vehicles" value={instance.vehicles.length} commit={(x) => (x === instance.vehicles.length ? null : refusal(setFleetSize(x)))} />
        </label>
      </div>
      <table className="editor-table vehicles-table">
        <thead>
          <tr>
            <th />
            <th>Vehicle</th>
            <th>Capacity</th>
            <th title="Routes one vehicle may drive one after another, reloading at the depot">Trips</th>
            <th title={zoned ? 'Stops this vehicle is banned from' : 'Stops this vehicle prefers (score > 0)'}>{zoned ? 'Banned' : 'Preferred'}</th>
          </tr>
        </thead>
        <tbody>
          {instance.vehicles.map((v, k) => {
            const banned = bannedNodes(instance, k).length;
            const preferred = v.preference ? v.preference.reduce((s, x, j) => s + (x > 0 && j !== instance.depot ? 1 : 0), 0) : 0;
            return (
              <tr key={v.id} className={k === selected ? 'selected' : undefined} data-testid="vehicle-row" data-vehicle={k}>
                <td>
                  <input type="radio" name="editor-vehicle" aria-label={`Select ${v.id}`} data-testid={`vehicle-select-${v.id}`} checked={k === selected} onChange={() => selectVehicle(k)} />
                </td>
                <td>{v.id}</td>
                <td>
                  <NumberCell testId={`vehicle-capacity-${v.id}`} label={`Capacity of ${v.id}`} value={v.capacity} allowInfinite commit={(x) => (x === v.capacity ? null : refusal(editVehicle(k, { capacity: x })))} />
                </td>
                <td className="num" data-testid={`trips-${v.id}`}>
                  {Number.isFinite(v.trips) ? v.trips : '∞'}
                </td>
                <td className="num" data-testid={`banned-count-${v.id}`}>
                  {zoned ? banned : preferred}
                  {!zoned && banned > 0 ? ` (${banned} banned)` : ''}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      <div className="editor-grid">
        <label>
          <span>Paint for {instance.vehicles[selected]?.id}</span>
          <select data-testid="paint-action" value={shown} onChange={(e) => setAction(e.target.value as PaintAction)}>
            {actions.map((a) => (
              <option key={a} value={a}>
                {a === 'ban' ? 'Ban from stops' : a === 'allow' ? 'Allow on stops' : 'Set preference'}
              </option>
            ))}
          </select>
        </label>
        {shown === 'prefer' && (
          <label>
            <span>Preference</span>
            <NumberCell testId="paint-preference" label="Preference to paint" value={preference} commit={(x) => (x >= 0 && x <= 1 ? (setPreference(x), null) : 'A preference is between 0 and 1')} />
          </label>
        )}
        <label>
          <span>Sectors</span>
          <select data-testid="sector-count" value={sectors} onChange={(e) => setSectors(Number(e.target.value))}>
            {SECTOR_CHOICES.map((n) => (
              <option key={n} value={n}>
                {n}
              </option>
            ))}
          </select>
        </label>
      </div>
      {(zoned || bannedNodes(instance, selected).length > 0) && (
        <button type="button" data-testid="clear-bans" onClick={() => clearBans(selected)} disabled={bannedNodes(instance, selected).length === 0}>
          Clear bans of {instance.vehicles[selected]?.id}
        </button>
      )}
      <p className="muted small">
        Each vehicle reloads at the depot and may drive several trips, so a solution can have more routes than vehicles. Banned stops of the selected vehicle are ringed in red on
        the map while editing.
      </p>
    </div>
  );
}
