/**
 * What the scenario editor asks for. Every edit turns the shown instance into a NEW instance
 * (core/scenario), registers it under a new id (`<base>~e<k>`) and shows it; the version it
 * replaced goes on the undo history. Runs keep the instance id they solved, so their results
 * stay attached to the version they belong to. Nothing here throws: a refused edit becomes the
 * editor's message.
 *
 * Adding a stop or moving the depot to a new road point needs the city matrices, which only the
 * data worker holds: the click is snapped to the nearest free road point on the page (the city
 * points are here), the worker returns the arcs of that point, and the edit applies them.
 */
import { Latest, Sequence } from '../core/cells';
import { clientNodes, type Instance } from '../core/instance';
import {
  EditError,
  addStop,
  crowFlyArcs,
  makeDepot,
  moveDepotTo,
  nearestPoint,
  nodesInPolygon,
  nodesInSectors,
  removeStop,
  sectorAt,
  setNodeFields,
  setPreference,
  setVehicle,
  setVehicleCount,
  setZone,
  type CityArcs,
  type NodeFields,
  type VehiclePatch,
} from '../core/scenario';
import { dataEngine } from '../workers/engines';
import { messageOf, problemName } from './actions';
import { cityTitle, isKnownCity } from './city-lookup';
import { useAppStore, type AppState } from './index';
import { baseId, editedId, isEditedId } from './instance-ids';
import { cityPoints, instances } from './registries';
import type { InstanceSummary } from './scenario-slice';

/** A click farther than this from every free road point adds nothing. */
export const MAX_SNAP_METRES = 2000;
/** Versions the planner can go back to. */
const HISTORY = 30;

/** What the editor keeps between edits, outside the store. */
const editor = {
  /** The k of edit ids `<base>~e<k>`. */
  edits: new Sequence(),
  /** The id the editor itself is about to show: any other change of instance resets the editor. */
  showing: null as string | null,
  /** Road-point edits still waiting for the worker: only the latest may report a failure on the status line. */
  roadEdits: new Latest(),
};

function nextId(current: string): string {
  const base = baseId(current);
  let id: string;
  do id = editedId(base, editor.edits.next());
  while (instances.has(id));
  return id;
}

interface Shown {
  summary: InstanceSummary;
  instance: Instance;
}

function shown(): Shown | null {
  const summary = useAppStore.getState().instance;
  const instance = summary ? instances.get(summary.id) : undefined;
  return summary && instance ? { summary, instance } : null;
}

function fail(text: string): false {
  useAppStore.getState().setEditMessage({ tone: 'error', text });
  return false;
}

/** Versions neither shown, nor in the history, nor solved by a run, are dropped from the registry. */
function prune(keep: Set<string>): void {
  for (const run of useAppStore.getState().runs) keep.add(run.instanceId);
  for (const id of [...instances.keys()]) if (isEditedId(id) && !keep.has(id)) instances.delete(id);
}

function show(id: string, instance: Instance, summary: InstanceSummary, history: string[], patch: Partial<AppState>, text: string): void {
  const store = useAppStore.getState();
  const stops = clientNodes(instance).length;
  editor.showing = id;
  useAppStore.setState({ editHistory: history, editMessage: { tone: 'ok', text }, ...patch });
  store.showInstance({ ...summary, id, kind: instance.kind, stops });
  editor.showing = null;
  const place = instance.meta.city ? `${cityTitle(instance.meta.city)} · ` : '';
  store.setStatus('ready', `${place}${problemName(instance.kind)} · ${stops} stops · edited`);
  prune(new Set([id, ...history]));
}

/** Registers and shows an edited version of the shown instance. */
function commit(from: Shown, next: Instance, text: string, patch: Partial<AppState> = {}): true {
  const id = nextId(from.summary.id);
  instances.set(id, next);
  const history = [...useAppStore.getState().editHistory, from.summary.id].slice(-HISTORY);
  show(id, next, from.summary, history, patch, text);
  return true;
}

/** Runs an edit of the shown instance; an EditError (or any error) becomes the message. */
function apply(edit: (s: Shown) => { next: Instance; text: string; patch?: Partial<AppState> } | null): boolean {
  const s = shown();
  if (!s) return fail('No scenario to edit: sample one first');
  try {
    const out = edit(s);
    return out ? commit(s, out.next, out.text, out.patch) : false;
  } catch (err) {
    return fail(err instanceof EditError ? capitalise(err.message) : `The edit failed: ${messageOf(err)}`);
  }
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function undoEdit(): boolean {
  const store = useAppStore.getState();
  const s = shown();
  const id = store.editHistory[store.editHistory.length - 1];
  if (!s || id === undefined) return fail('Nothing to undo');
  const previous = instances.get(id);
  if (!previous) return fail('The previous version is no longer available');
  show(id, previous, s.summary, store.editHistory.slice(0, -1), { selectedNode: null, draftArea: [] }, 'Undone');
  return true;
}

// ---------------------------------------------------------------------------------------------
// Road points: snapping and the worker's arcs

/**
 * Where a click puts a stop: at a road point of the scenario's city, or (a [lon, lat] scenario
 * without a city, e.g. an uploaded file) at the clicked position with straight-line arcs.
 */
export function clickPlacement(instance: Instance | undefined | null): 'road' | 'free' | null {
  if (!instance || instance.coordSystem !== 'lonlat' || !instance.coords) return null;
  return instance.meta.cityPoints && instance.meta.city ? 'road' : 'free';
}

/** Why stops cannot be placed by clicking on the shown instance, or null when they can. */
export function roadPointsUnavailable(instance: Instance | undefined | null): string | null {
  if (!instance) return 'No scenario yet';
  if (!clickPlacement(instance)) {
    return 'This scenario has planar coordinates, not places on a map: stops cannot be added or moved by clicking. Edit or remove stops in the table or in their popup instead.';
  }
  return null;
}

const ESTIMATE_NOTE = 'its arcs are straight-line estimates until live OSRM rebuilds the matrices';

/** For [lon, lat] scenarios without a city: the edit with crow-fly arcs at the click. */
function atFreePosition(lon: number, lat: number, edit: (inst: Instance, arcs: CityArcs) => { next: Instance; text: string; patch?: Partial<AppState> }): boolean {
  return apply(({ instance }) => edit(instance, crowFlyArcs(instance, [lon, lat])));
}

export interface SnapResult {
  point: number;
  lonlat: [number, number];
  metres: number;
}

/** The nearest road point of the scenario's city that is not a node yet. */
export function snapToRoad(instance: Instance, lon: number, lat: number): SnapResult | EditError {
  const why = roadPointsUnavailable(instance);
  if (why) return new EditError(why);
  if (!isKnownCity(instance.meta.city!)) {
    return new EditError(`${cityTitle(instance.meta.city!)} is no longer among your cities: stops cannot be placed at its road points any more; edit or remove them in the table`);
  }
  const points = cityPoints.get(instance.meta.city!);
  if (!points) return new EditError(`The road points of ${cityTitle(instance.meta.city!)} are not loaded`);
  const snap = nearestPoint(points.lonlat, [lon, lat], new Set(instance.meta.cityPoints));
  if (!snap) return new EditError('Every road point of the city is a stop already');
  if (snap.distance > MAX_SNAP_METRES) return new EditError(`No free road point within ${MAX_SNAP_METRES / 1000} km of the click`);
  return { point: snap.index, lonlat: [points.lonlat[2 * snap.index], points.lonlat[2 * snap.index + 1]], metres: snap.distance };
}

/**
 * Snaps, asks the worker for the arcs, and applies `edit` to the instance shown when they
 * arrive (redoing the request if another edit landed meanwhile; dropping it if the scenario
 * was replaced).
 */
async function withRoadPoint(lon: number, lat: number, what: string, edit: (inst: Instance, arcs: CityArcs, snap: SnapResult) => { next: Instance; text: string; patch?: Partial<AppState> }): Promise<boolean> {
  const token = editor.roadEdits.begin();
  const store = useAppStore.getState();
  useAppStore.setState((st) => ({ editPending: st.editPending + 1 }));
  try {
    let first: number | null = null;
    for (let attempt = 0; attempt < 4; attempt++) {
      const s = shown();
      if (!s) return fail('No scenario to edit: sample one first');
      const snap = snapToRoad(s.instance, lon, lat);
      if (snap instanceof EditError) return fail(snap.message);
      // A second click on the same spot must not silently take the next road point over.
      if (first !== null && snap.point !== first) return fail(`Road point p${first} became a stop meanwhile`);
      first = snap.point;
      const engine = dataEngine();
      await engine.loadCity(s.instance.meta.city!);
      const arcs = await engine.cityArcs(s.instance.meta.city!, s.instance.meta.cityPoints!, snap.point);
      const now = shown();
      if (!now || baseId(now.summary.id) !== baseId(s.summary.id)) return false; // replaced: drop quietly
      if (now.summary.id !== s.summary.id) continue;
      try {
        const out = edit(now.instance, arcs, snap);
        return commit(now, out.next, out.text, out.patch);
      } catch (err) {
        return fail(err instanceof EditError ? capitalise(err.message) : `The edit failed: ${messageOf(err)}`);
      }
    }
    return fail(`${what}: the scenario kept changing, try again`);
  } catch (err) {
    if (editor.roadEdits.isCurrent(token)) store.setStatus('error', `${what} failed: ${messageOf(err)}`);
    return fail(`${what} failed: ${messageOf(err)}`);
  } finally {
    useAppStore.setState((st) => ({ editPending: Math.max(0, st.editPending - 1) }));
  }
}

function metres(x: number): string {
  return x < 1 ? 'on' : `${Math.round(x)} m from`;
}

/** A click on the empty map: a new stop at the nearest free road point (selected afterwards). */
export async function addStopAt(lon: number, lat: number, fields: Partial<NodeFields> = {}): Promise<boolean> {
  const s = shown();
  if (s && clickPlacement(s.instance) === 'free') {
    return atFreePosition(lon, lat, (inst, arcs) => {
      const next = addStop(inst, arcs, fields);
      return { next, text: `Added stop ${next.labels[next.n - 1]} at the click: ${ESTIMATE_NOTE}` };
    });
  }
  return withRoadPoint(lon, lat, 'Adding a stop', (inst, arcs, snap) => {
    const next = addStop(inst, arcs, fields);
    return { next, text: `Added stop p${snap.point} (${metres(snap.metres)} the click)` };
  });
}

/** The depot moves to the nearest free road point of a click; the stops stay. */
export async function moveDepotAt(lon: number, lat: number): Promise<boolean> {
  const s = shown();
  if (s && clickPlacement(s.instance) === 'free') {
    return atFreePosition(lon, lat, (inst, arcs) => ({ next: moveDepotTo(inst, arcs), text: `Moved the depot to the click: ${ESTIMATE_NOTE}`, patch: { selectedNode: null } }));
  }
  return withRoadPoint(lon, lat, 'Moving the depot', (inst, arcs, snap) => ({
    next: moveDepotTo(inst, arcs),
    text: `Moved the depot to road point p${snap.point}`,
    patch: { selectedNode: null },
  }));
}

// ---------------------------------------------------------------------------------------------
// Stops

export function removeNode(node: number): boolean {
  return apply(({ instance }) => ({
    next: removeStop(instance, node),
    text: `Removed stop ${instance.labels[node]}`,
    patch: { selectedNode: null },
  }));
}

export function makeNodeDepot(node: number): boolean {
  return apply(({ instance }) => ({
    next: makeDepot(instance, node),
    text: `${instance.labels[node]} is now the depot; the old depot ${instance.labels[instance.depot]} became a stop`,
    patch: { selectedNode: null },
  }));
}

export function editNode(node: number, patch: Partial<NodeFields>): boolean {
  return apply(({ instance }) => {
    const keys = Object.keys(patch) as (keyof NodeFields)[];
    if (keys.every((k) => Object.is(instance[k][node], patch[k]))) return null;
    return { next: setNodeFields(instance, node, patch), text: `Changed ${keys.join(', ')} of ${instance.labels[node]}` };
  });
}

// ---------------------------------------------------------------------------------------------
// Fleet and profiles

export function editVehicle(k: number, patch: VehiclePatch): boolean {
  return apply(({ instance }) => ({
    next: setVehicle(instance, k, patch),
    text: `Changed ${Object.keys(patch).join(', ')} of vehicle ${instance.vehicles[k]?.id ?? k}`,
  }));
}

export function setFleetSize(m: number): boolean {
  return apply(({ instance }) => {
    const next = setVehicleCount(instance, m);
    const k = useAppStore.getState().selectedVehicle;
    return {
      next,
      text: `The fleet has ${Number.isFinite(m) ? m : 'unlimited'} vehicle${m === 1 ? '' : 's'}`,
      patch: { selectedVehicle: Math.min(k, next.vehicles.length - 1) },
    };
  });
}

/** Applies the current paint action (ban / allow / prefer) of the selected vehicle to nodes. */
export function paintNodes(nodes: number[], where: string): boolean {
  const { paintAction, selectedVehicle: k, paintPreference } = useAppStore.getState();
  if (nodes.length === 0) return fail(`No stops ${where}`);
  return apply(({ instance }) => {
    const id = instance.vehicles[k]?.id ?? `#${k}`;
    if (paintAction === 'prefer') {
      return { next: setPreference(instance, k, nodes, paintPreference), text: `Vehicle ${id} prefers ${nodes.length} stops ${where} with ${paintPreference}` };
    }
    const ban = paintAction === 'ban';
    const r = setZone(instance, k, nodes, ban);
    const kept = r.kept.length ? ` (${r.kept.length} kept: no other vehicle may serve them)` : '';
    if (r.changed.length === 0) {
      fail(`Nothing changed: vehicle ${id} was already ${ban ? 'banned from' : 'allowed on'} the stops ${where}${kept}`);
      return null;
    }
    return { next: r.instance, text: `Vehicle ${id} ${ban ? 'banned from' : 'allowed on'} ${r.changed.length} stop${r.changed.length > 1 ? 's' : ''} ${where}${kept}` };
  });
}

/**
 * Closes the area being drawn and paints the stops inside it. The corners are map positions;
 * `toInstance` maps them to the instance's coordinates where those differ (planar files).
 */
export function finishArea(toInstance: (p: [number, number]) => [number, number] = (p) => p): boolean {
  const { draftArea, setDraftArea } = useAppStore.getState();
  const s = shown();
  if (!s) return fail('No scenario to edit');
  if (draftArea.length < 3) return fail('An area needs at least 3 corners');
  const nodes = nodesInPolygon(s.instance, draftArea.map(toInstance));
  setDraftArea([]);
  return paintNodes(nodes, 'in the area');
}

/** Paints the stops of the sector around the depot that contains [lon, lat] (instance coordinates). */
export function paintSectorAt(lon: number, lat: number): boolean {
  const { sectorCount } = useAppStore.getState();
  const s = shown();
  if (!s) return fail('No scenario to edit');
  const sector = sectorAt(s.instance, [lon, lat], sectorCount);
  if (sector < 0) return fail('This scenario has no coordinates to measure sectors on');
  return paintNodes(nodesInSectors(s.instance, [sector], sectorCount), `in sector ${sector + 1} of ${sectorCount}`);
}

/** Lets vehicle k serve the node, or bans it (never the node's last vehicle). */
export function setNodeAllowed(node: number, k: number, allow: boolean): boolean {
  return apply(({ instance }) => {
    const r = setZone(instance, k, [node], !allow);
    const id = instance.vehicles[k]?.id ?? `#${k}`;
    if (r.kept.length) {
      fail(`${instance.labels[node]} must keep vehicle ${id}: no other vehicle may serve it`);
      return null;
    }
    if (r.changed.length === 0) return null;
    return { next: r.instance, text: `Vehicle ${id} ${allow ? 'may serve' : 'is banned from'} ${instance.labels[node]}` };
  });
}

/** When the day starts (seconds after midnight), so that times read as clock times; undefined: offsets again. */
export function setDayStart(dayStart: number | undefined): boolean {
  return apply(({ instance }) => {
    if (instance.meta.dayStart === dayStart) return null;
    const meta = { ...instance.meta };
    if (dayStart === undefined) delete meta.dayStart;
    else meta.dayStart = dayStart;
    const text = dayStart === undefined ? 'Times are shown from the start of the day again' : 'Times are shown as clock times';
    return { next: { ...instance, meta }, text };
  });
}

export function clearBans(k: number): boolean {
  return apply(({ instance }) => {
    const r = setZone(instance, k, clientNodes(instance), false);
    if (r.changed.length === 0) {
      fail(`Vehicle ${instance.vehicles[k]?.id} has no bans`);
      return null;
    }
    return { next: r.instance, text: `Vehicle ${instance.vehicles[k].id} may serve every stop again` };
  });
}

// ---------------------------------------------------------------------------------------------
// A new scenario from elsewhere (sampling, an uploaded file, a restored session) resets the editor.

useAppStore.subscribe((state, prev) => {
  const id = state.instance?.id ?? null;
  if (id === (prev.instance?.id ?? null) || id === editor.showing) return;
  const vehicles = id ? (instances.get(id)?.vehicles.length ?? 1) : 1;
  useAppStore.setState({
    editHistory: [],
    selectedNode: null,
    draftArea: [],
    editMessage: null,
    selectedVehicle: Math.min(state.selectedVehicle, Math.max(0, vehicles - 1)),
  });
});
