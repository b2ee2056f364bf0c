/**
 * Dragging a stop of the selected run on the map, as in its route list: pressed on one of the
 * run's stops and let go on another stop, the dragged stop moves right after that one, in its
 * route; the edit makes an edited copy of the run (edit-actions.ts), re-checked at once. Off in
 * the scenario editor (there a press on a stop selects it) and while a city's centre is picked.
 * The press takes the gesture from the map, so the map does not pan meanwhile.
 */
import type { MapMouseEvent } from 'maplibre-gl';
import { useEffect, useState } from 'react';
import type { Instance } from '../../core/instance';
import { dropOntoStop, slotOfNode, type StopSlot } from '../../core/solution-edit';
import { useAppStore } from '../../store';
import { instances } from '../../store/registries';
import { nodeAtPixel } from '../editor/EditorMap';
import { watchRouteMap, type RouteMap } from '../map/route-map';
import { selectedRun } from './compare-model';
import { isEditable, moveStopInRun } from './edit-actions';

interface Drag {
  runId: string;
  instance: Instance;
  node: number;
  from: StopSlot;
}

export function MapStopDrag() {
  const [routeMap, setRouteMap] = useState<RouteMap | null>(null);
  useEffect(() => watchRouteMap(setRouteMap), []);

  useEffect(() => {
    if (!routeMap) return;
    const map = routeMap.maplibre;
    let drag: Drag | null = null;
    const press = (e: MapMouseEvent) => {
      const s = useAppStore.getState();
      if (s.editMode || s.cityBuild?.picking) return;
      const instance = s.instance ? instances.get(s.instance.id) : undefined;
      const run = selectedRun(s.runs, s.instance?.id ?? null, s.selectedRunId);
      if (!instance || !run?.solution || !isEditable(run)) return;
      const node = nodeAtPixel(map, instance, e.point.x, e.point.y);
      const from = node === null ? null : slotOfNode(run.solution, node);
      if (node === null || !from) return;
      e.preventDefault();
      drag = { runId: run.id, instance, node, from };
      map.getCanvas().style.cursor = 'grabbing';
    };
    const release = (e: MapMouseEvent) => {
      if (!drag) return;
      const { runId, instance, node, from } = drag;
      drag = null;
      map.getCanvas().style.cursor = '';
      const onto = nodeAtPixel(map, instance, e.point.x, e.point.y);
      const run = useAppStore.getState().runs.find((r) => r.id === runId);
      if (onto === null || onto === node || !run?.solution) return;
      const move = dropOntoStop(run.solution, from, onto);
      if (move) moveStopInRun(runId, move.from, move.to);
    };
    map.on('mousedown', press);
    map.on('mouseup', release);
    return () => {
      map.off('mousedown', press);
      map.off('mouseup', release);
    };
  }, [routeMap]);
  return null;
}
