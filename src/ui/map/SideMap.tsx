/**
 * A second map beside the page's map, with one other run drawn as if selected (vehicle colours,
 * numbered stops), so that two runs are compared side by side. The two maps keep in step: a pan
 * or zoom on either moves the other in the same frame. It draws the same city, streets and
 * instance as the page's map; it never frames the view itself (the page's map does), and it is
 * not the page's map (the editor and the PNG export stay on that one).
 */
import { useEffect, useRef, useState } from 'react';
import type { Instance } from '../../core/instance';
import type { CityPoints } from '../../workers/protocol';
import type { LegPath } from './geojson';
import { RouteMap, type BasemapInput, type MapCamera, type RunLayerInput } from './route-map';

/** A view as "lon,lat,zoom", rounded so that two maps in step read the same. */
export function cameraText(view: MapCamera): string {
  return `${view.center[0].toFixed(5)},${view.center[1].toFixed(5)},${view.zoom.toFixed(3)}`;
}

/** Each map follows the other's moves; returns an unsubscribe. */
function keepInStep(a: RouteMap, b: RouteMap): () => void {
  // A move made to follow the other map must not be followed back.
  let following = false;
  const follow = (from: RouteMap, to: RouteMap) =>
    from.onViewChange(() => {
      if (following) return;
      following = true;
      try {
        to.setView(from.view());
      } finally {
        following = false;
      }
    });
  const offs = [follow(a, b), follow(b, a)];
  return () => offs.forEach((off) => off());
}

interface SideMapProps {
  primary: RouteMap;
  points: CityPoints | null;
  instance: Instance | null;
  layer: RunLayerInput;
  basemap: BasemapInput | null;
  legPath: LegPath | undefined;
}

export function SideMap({ primary, points, instance, layer, basemap, legPath }: SideMapProps) {
  const containerRef = useRef<HTMLDivElement>(null);
  const [map, setMap] = useState<RouteMap | null>(null);
  const [drawn, setDrawn] = useState<{ ready: boolean; visibleRuns: string[] }>({ ready: false, visibleRuns: [] });
  const [camera, setCamera] = useState('');

  useEffect(() => {
    let side: RouteMap;
    try {
      side = new RouteMap(containerRef.current!, { page: false, fit: false });
    } catch (err) {
      console.warn(`No side map: ${err instanceof Error ? err.message : String(err)}`);
      return;
    }
    side.setView(primary.view());
    setCamera(cameraText(side.view()));
    const offs = [keepInStep(primary, side), side.onViewChange((ended) => ended && setCamera(cameraText(side.view())))];
    setMap(side);
    return () => {
      offs.forEach((off) => off());
      side.destroy();
      setMap(null);
    };
  }, [primary]);

  useEffect(() => {
    if (!map) return;
    let live = true;
    setDrawn((d) => ({ ...d, ready: false }));
    void (async () => {
      await map.setCity(points);
      await map.setScene({ instance, runs: [layer], selectedId: layer.id, numbers: !layer.live, legPath });
      await map.sceneDrawn();
      if (live) setDrawn({ ready: true, visibleRuns: map.visibleRuns() });
    })();
    return () => {
      live = false;
    };
  }, [map, points, instance, layer, legPath]);

  useEffect(() => {
    void map?.setBasemap(basemap);
  }, [map, basemap]);

  return (
    <div
      ref={containerRef}
      className="map map-side"
      data-testid="map-side"
      data-ready={drawn.ready}
      data-visible-runs={drawn.visibleRuns.join(' ')}
      data-selected-run={layer.id}
      data-view={camera}
    />
  );
}
