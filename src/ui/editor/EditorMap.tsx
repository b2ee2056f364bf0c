/**
 * The editor on the map: in edit mode a click selects the stop under the pointer (a popup opens
 * beside it), or else does what the current tool says (add a stop at the nearest road point,
 * move the depot there, add a corner to the area being drawn, paint a sector). It also draws
 * the editor's marks (selected stop, banned stops of the selected vehicle, the area, the
 * sectors). It talks to maplibre through the page's RouteMap and owns only its own layers.
 */
import type { GeoJSONSource, Map as MaplibreMap, MapMouseEvent, Popup } from 'maplibre-gl';
import { useEffect, useMemo, useState } from 'react';
import { createPortal } from 'react-dom';
import { isProfiled, type Instance } from '../../core/instance';
import { useAppStore } from '../../store';
import { addStopAt, finishArea, moveDepotAt, paintSectorAt, roadPointsUnavailable } from '../../store/editor-actions';
import { instances } from '../../store/registries';
import { DATA_MAXZOOM } from '../map/map-style';
import { setupMaplibre } from '../map/maplibre-setup';
import { displayLonLat, displayToPlanar, planarFrame } from '../map/planar';
import { watchRouteMap, type RouteMap } from '../map/route-map';
import { EDITOR_LAYERS, EDITOR_SOURCES, drawGeoJSON, marksGeoJSON } from './overlay';
import { StopPopup } from './StopPopup';

/** A click within this many pixels of a stop selects it. */
export const HIT_PX = 10;

function shownInstance(): Instance | null {
  const id = useAppStore.getState().instance?.id;
  return id ? (instances.get(id) ?? null) : null;
}

/** Map position → the instance's own coordinates (they differ for planar files). */
function toInstanceXY(instance: Instance): (p: [number, number]) => [number, number] {
  return (p) => displayToPlanar(instance, p[0], p[1]) ?? p;
}

/** The instance's own coordinates → map position. */
function toMapXY(instance: Instance): (p: [number, number]) => [number, number] {
  if (instance.coordSystem !== 'planar' || !instance.coords) return (p) => p;
  const f = planarFrame(instance.coords);
  return (p) => [(p[0] - f.minX) * f.scale, (p[1] - f.minY) * f.scale];
}

/** The node drawn nearest to a pixel, within HIT_PX; null when none. */
export function nodeAtPixel(map: MaplibreMap, instance: Instance, x: number, y: number): number | null {
  const lonlat = displayLonLat(instance);
  if (!lonlat) return null;
  let best: number | null = null;
  let bestD = HIT_PX * HIT_PX;
  for (let i = 0; i < instance.n; i++) {
    const p = map.project([lonlat[2 * i], lonlat[2 * i + 1]]);
    const d = (p.x - x) ** 2 + (p.y - y) ** 2;
    if (d <= bestD) {
      bestD = d;
      best = i;
    }
  }
  return best;
}

function ensureLayers(map: MaplibreMap): void {
  const empty = { type: 'FeatureCollection' as const, features: [] };
  // Tiled like the app's own sources (DATA_MAXZOOM), so that marks sit exactly on the stops.
  for (const id of Object.values(EDITOR_SOURCES)) if (!map.getSource(id)) map.addSource(id, { type: 'geojson', maxzoom: DATA_MAXZOOM, data: { ...empty, features: [] } });
  for (const layer of EDITOR_LAYERS) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

function onClick(map: MaplibreMap, e: MapMouseEvent): void {
  const state = useAppStore.getState();
  if (!state.editMode) return;
  const instance = shownInstance();
  if (!instance) return;
  const { lng, lat } = e.lngLat;
  if (state.editTool === 'area') {
    const area = state.draftArea;
    const first = area[0] ? map.project(area[0]) : null;
    // A click on the first corner closes the area.
    if (first && area.length >= 3 && (first.x - e.point.x) ** 2 + (first.y - e.point.y) ** 2 <= HIT_PX * HIT_PX) finishArea(toInstanceXY(instance));
    else state.setDraftArea([...area, [lng, lat]]);
    return;
  }
  const hit = nodeAtPixel(map, instance, e.point.x, e.point.y);
  if (hit !== null) {
    state.selectNode(hit);
    return;
  }
  if (state.selectedNode !== null) {
    // The first click beside an open popup closes it rather than editing.
    state.selectNode(null);
    return;
  }
  switch (state.editTool) {
    case 'add':
      if (roadPointsUnavailable(instance)) state.setEditMessage({ tone: 'error', text: roadPointsUnavailable(instance)! });
      else void addStopAt(lng, lat);
      return;
    case 'depot':
      if (roadPointsUnavailable(instance)) {
        state.setEditMessage({ tone: 'error', text: roadPointsUnavailable(instance)! });
        return;
      }
      void moveDepotAt(lng, lat).then((ok) => {
        if (ok) useAppStore.getState().setEditTool('add');
      });
      return;
    case 'sector': {
      const [x, y] = toInstanceXY(instance)([lng, lat]);
      paintSectorAt(x, y);
      return;
    }
  }
}

export function EditorMap() {
  const [routeMap, setRouteMap] = useState<RouteMap | null>(null);
  const [ready, setReady] = useState(false);
  const editMode = useAppStore((s) => s.editMode);
  const tool = useAppStore((s) => s.editTool);
  const selectedNode = useAppStore((s) => s.selectedNode);
  const selectedVehicle = useAppStore((s) => s.selectedVehicle);
  const draftArea = useAppStore((s) => s.draftArea);
  const sectorCount = useAppStore((s) => s.sectorCount);
  const instanceId = useAppStore((s) => s.instance?.id ?? null);
  const instance = instanceId ? (instances.get(instanceId) ?? null) : null;
  const container = useMemo(() => document.createElement('div'), []);
  const [popup, setPopup] = useState<Popup | null>(null);

  useEffect(() => watchRouteMap(setRouteMap), []);

  // Our sources and layers, added once the style is there and again if a new style drops them.
  useEffect(() => {
    setReady(false);
    if (!routeMap) return;
    let live = true;
    const map = routeMap.maplibre;
    const restore = () => {
      if (live && map.isStyleLoaded() && !map.getSource(EDITOR_SOURCES.marks)) ensureLayers(map);
    };
    void routeMap.whenLoaded().then(() => {
      if (!live) return;
      ensureLayers(map);
      setReady(true);
    });
    map.on('styledata', restore);
    const click = (e: MapMouseEvent) => onClick(map, e);
    map.on('click', click);
    const p = new (setupMaplibre().Popup)({ closeButton: true, closeOnClick: false, maxWidth: '280px', offset: 12, className: 'editor-popup' });
    p.setDOMContent(container);
    setPopup(p);
    return () => {
      live = false;
      map.off('styledata', restore);
      map.off('click', click);
      p.remove();
      setPopup(null);
    };
  }, [routeMap, container]);

  // Edit mode: a crosshair, and no double-click zoom while an area is drawn.
  useEffect(() => {
    if (!routeMap) return;
    const map = routeMap.maplibre;
    map.getCanvas().style.cursor = editMode ? 'crosshair' : '';
    if (editMode && tool === 'area') map.doubleClickZoom.disable();
    else map.doubleClickZoom.enable();
    if (!editMode) return;
    const onKey = (e: KeyboardEvent) => {
      const target = e.target as HTMLElement | null;
      if (target && (target.tagName === 'INPUT' || target.tagName === 'SELECT' || target.tagName === 'TEXTAREA')) return;
      const st = useAppStore.getState();
      if (e.key === 'Escape') {
        if (st.draftArea.length) st.setDraftArea([]);
        else st.selectNode(null);
      } else if (e.key === 'Enter' && st.editTool === 'area' && st.draftArea.length >= 3) {
        const inst = shownInstance();
        if (inst) finishArea(toInstanceXY(inst));
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [routeMap, editMode, tool]);

  // The marks and drawings follow the store.
  useEffect(() => {
    if (!routeMap || !ready) return;
    const map = routeMap.maplibre;
    ensureLayers(map);
    const profiled = !!instance && isProfiled(instance.kind);
    const lonlat = instance ? displayLonLat(instance) : null;
    const marks = marksGeoJSON(editMode ? instance : null, lonlat, editMode ? selectedNode : null, profiled ? selectedVehicle : null);
    const draw = drawGeoJSON(
      editMode ? instance : null,
      editMode && tool === 'area' ? draftArea : [],
      editMode && tool === 'sector' && profiled ? sectorCount : null,
      profiled ? selectedVehicle : null,
      instance ? toMapXY(instance) : undefined,
    );
    (map.getSource(EDITOR_SOURCES.marks) as GeoJSONSource).setData(marks);
    (map.getSource(EDITOR_SOURCES.draw) as GeoJSONSource).setData(draw);
    // Above whatever layers the app added since (run layers come and go).
    for (const layer of EDITOR_LAYERS) map.moveLayer(layer.id);
  }, [routeMap, ready, instance, editMode, tool, selectedNode, selectedVehicle, draftArea, sectorCount]);

  // The popup sits on the selected stop.
  const lonlat = instance ? displayLonLat(instance) : null;
  const showPopup = !!(popup && routeMap && editMode && instance && lonlat && selectedNode !== null && selectedNode < instance.n);
  useEffect(() => {
    if (!popup || !routeMap) return;
    if (!showPopup) {
      popup.remove();
      return;
    }
    const onClose = () => {
      if (useAppStore.getState().selectedNode === selectedNode) useAppStore.getState().selectNode(null);
    };
    popup.setLngLat([lonlat![2 * selectedNode!], lonlat![2 * selectedNode! + 1]]);
    if (!popup.isOpen()) popup.addTo(routeMap.maplibre);
    popup.on('close', onClose);
    return () => {
      popup.off('close', onClose);
    };
  }, [popup, routeMap, showPopup, lonlat, selectedNode]);

  return showPopup ? createPortal(<StopPopup instance={instance!} node={selectedNode!} />, container) : null;
}
