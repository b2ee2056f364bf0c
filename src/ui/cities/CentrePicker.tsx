/**
 * The build dialog on the map: the extract's extent (when it declares one), the box the city
 * will cover around the chosen centre, and, while picking, a crosshair whose next click sets
 * the centre. It owns only its own source and layers on the page's RouteMap.
 */
import type { GeoJSONSource, LayerSpecification, LngLatLike, Map as MaplibreMap, MapMouseEvent } from 'maplibre-gl';
import type { Feature, FeatureCollection, Polygon } from 'geojson';
import { useEffect, useRef, useState } from 'react';
import { useAppStore } from '../../store';
import { pickCentre } from '../../store/city-build-actions';
import { pickedCentre } from '../../store/cities-slice';
import { watchRouteMap, type RouteMap } from '../map/route-map';

const SOURCE = 'city-build-marks';
const LAYERS: LayerSpecification[] = [
  {
    id: 'city-build-extent',
    type: 'line',
    source: SOURCE,
    filter: ['==', ['get', 'kind'], 'extent'],
    paint: { 'line-color': '#6b7280', 'line-width': 1.5, 'line-dasharray': [3, 2] },
  },
  {
    id: 'city-build-box-fill',
    type: 'fill',
    source: SOURCE,
    filter: ['==', ['get', 'kind'], 'box'],
    paint: { 'fill-color': '#1f77b4', 'fill-opacity': 0.08 },
  },
  {
    id: 'city-build-box',
    type: 'line',
    source: SOURCE,
    filter: ['==', ['get', 'kind'], 'box'],
    paint: { 'line-color': '#1f77b4', 'line-width': 2 },
  },
];

type Bounds = [number, number, number, number];

/** How much of the map the build dialog covers from its left edge (cities.css: .build-city). */
const DIALOG_WIDTH_PX = 356;

function rectangle(kind: string, [w, s, e, n]: Bounds): Feature<Polygon> {
  return { type: 'Feature', properties: { kind }, geometry: { type: 'Polygon', coordinates: [[[w, s], [e, s], [e, n], [w, n], [w, s]]] } };
}

/** A square of `km` around [lon, lat] (local flat-earth degrees: a few km, not a continent). */
export function boxAround([lon, lat]: [number, number], km: number): Bounds {
  const dLat = km / 2 / 110.574;
  const dLon = km / 2 / (111.32 * Math.max(0.01, Math.cos((lat * Math.PI) / 180)));
  return [lon - dLon, lat - dLat, lon + dLon, lat + dLat];
}

function ensure(map: MaplibreMap): void {
  if (!map.getSource(SOURCE)) map.addSource(SOURCE, { type: 'geojson', data: { type: 'FeatureCollection', features: [] } });
  for (const layer of LAYERS) if (!map.getLayer(layer.id)) map.addLayer(layer);
}

function clear(map: MaplibreMap): void {
  for (const layer of LAYERS) if (map.getLayer(layer.id)) map.removeLayer(layer.id);
  if (map.getSource(SOURCE)) map.removeSource(SOURCE);
}

export function CentrePicker() {
  const [routeMap, setRouteMap] = useState<RouteMap | null>(null);
  const [loaded, setLoaded] = useState(false);
  const open = useAppStore((s) => s.cityBuild !== null);
  const picking = useAppStore((s) => s.cityBuild?.picking ?? false);
  const extent = useAppStore((s) => s.cityBuild?.extent ?? null);
  const centre = useAppStore((s) => (s.cityBuild ? pickedCentre(s.cityBuild.settings.centre) : null));
  const boxKm = useAppStore((s) => s.cityBuild?.settings.boxKm ?? 0);

  useEffect(() => watchRouteMap(setRouteMap), []);
  useEffect(() => {
    setLoaded(false);
    if (!routeMap) return;
    let live = true;
    void routeMap.whenLoaded().then(() => live && setLoaded(true));
    return () => {
      live = false;
    };
  }, [routeMap]);

  // The marks follow the dialog; they leave with it.
  useEffect(() => {
    if (!routeMap || !loaded) return;
    const map = routeMap.maplibre;
    if (!open) {
      clear(map);
      return;
    }
    ensure(map);
    const features: Feature<Polygon>[] = [];
    if (extent) features.push(rectangle('extent', extent));
    if (centre && boxKm > 0) features.push(rectangle('box', boxAround(centre, boxKm)));
    const data: FeatureCollection<Polygon> = { type: 'FeatureCollection', features };
    (map.getSource(SOURCE) as GeoJSONSource).setData(data);
    for (const layer of LAYERS) map.moveLayer(layer.id);
  }, [routeMap, loaded, open, extent, centre, boxKm]);

  // The view before the dialog moved it, and the city then on the map: closing the dialog
  // without a new city (Cancel, a failed build) puts the view back.
  const before = useRef<{ view: { center: LngLatLike; zoom: number }; city: string | null } | null>(null);
  useEffect(() => {
    if (!routeMap || !loaded || open) return;
    const saved = before.current;
    before.current = null;
    if (saved && useAppStore.getState().shownCity === saved.city) routeMap.maplibre.jumpTo(saved.view);
  }, [routeMap, loaded, open]);

  // Once the extract's extent is known the view goes there, where the centre will be picked.
  useEffect(() => {
    if (!routeMap || !loaded || !extent) return;
    before.current ??= { view: { center: routeMap.maplibre.getCenter(), zoom: routeMap.maplibre.getZoom() }, city: useAppStore.getState().shownCity };
    const [w, s, e, n] = extent;
    const map = routeMap.maplibre;
    // The dialog floats over the map's left side: the extent goes beside it.
    const width = map.getCanvas().clientWidth;
    const left = Math.min(DIALOG_WIDTH_PX + 40, Math.max(40, width / 2));
    map.fitBounds([w, s, e, n], { padding: { top: 40, bottom: 40, right: 40, left }, animate: false, maxZoom: 15 });
  }, [routeMap, loaded, extent]);

  useEffect(() => {
    if (!routeMap || !picking) return;
    const map = routeMap.maplibre;
    const canvas = map.getCanvas();
    const before = canvas.style.cursor;
    canvas.style.cursor = 'crosshair';
    const click = (e: MapMouseEvent) => pickCentre([e.lngLat.lng, e.lngLat.lat]);
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') useAppStore.getState().patchCityBuild({ picking: false });
    };
    map.on('click', click);
    window.addEventListener('keydown', onKey);
    return () => {
      canvas.style.cursor = before;
      map.off('click', click);
      window.removeEventListener('keydown', onKey);
    };
  }, [routeMap, picking]);

  return null;
}
