import { describe, expect, it } from 'vitest';
import { featureFilter } from '@maplibre/maplibre-gl-style-spec';
import { makeInstance } from '../../src/core/instance';
import { vehicleColor } from '../../src/core/palette';
import { nodesGeoJSON, routesGeoJSON, stopNumbersGeoJSON } from '../../src/ui/map/geojson';
import { INSTANCE_LAYERS, PICKABLE_ROUTE_LAYERS, ROUTE_LAYERS, ROUTE_LAYER_IDS, SOURCES } from '../../src/ui/map/map-style';
import { depotsGeoJSON, hoverGeoJSON, routeHoverLook, runRoutesGeoJSON, sameRunRoutes, sceneGeoJSON, sceneNodes, sceneNumbers, type RunRoutes } from '../../src/ui/map/scene';

const coords = Float64Array.from([7.4, 43.7, 7.41, 43.71, 7.42, 43.72, 7.43, 43.73]);
const distance = new Float64Array(16).fill(1);
const inst = makeInstance({ name: 'c', kind: 'acvrp', n: 4, distance, coords, coordSystem: 'lonlat' });
const solA = { routes: [{ vehicle: 0, stops: [1] }, { vehicle: 0, stops: [3, 2] }], unassigned: [] };
const solB = { routes: [{ vehicle: 0, stops: [1, 2, 3] }], unassigned: [] };

function run(id: string, sol: typeof solA, color: string, visible = true, live = false): RunRoutes {
  return { id, routes: routesGeoJSON(inst, sol).features, color, visible, live };
}

interface Props {
  [key: string]: unknown;
}

/** The features of `collection` a layer draws, by its own filter as maplibre evaluates it. */
function drawnBy<F extends { properties: object }>(layerId: string, collection: { features: F[] }, filterOverride?: unknown): F[] {
  const layer = INSTANCE_LAYERS.find((l) => l.id === layerId)!;
  const filter = featureFilter((filterOverride ?? ('filter' in layer ? layer.filter : undefined)) as never, 'test filter', {});
  return collection.features.filter((f) => filter.filter({ zoom: 14 }, { type: 2, properties: f.properties, geometry: [] } as never));
}

describe('all runs in one routes source', () => {
  it('tags every route with its run, run colour and role; hidden runs are left out', () => {
    const runs = [run('run-1', solA, '#111111'), run('run-2', solB, '#222222'), run('run-3', solB, '#333333', false)];
    const fc = runRoutesGeoJSON(runs, 'run-1');
    expect(fc.features.map((f) => [f.properties.run, f.properties.route, f.properties.role, f.properties.runColor])).toEqual([
      ['run-2', 0, 'other', '#222222'],
      ['run-1', 0, 'selected', '#111111'],
      ['run-1', 1, 'selected', '#111111'],
    ]);
    // The vehicle colours stay on the features: the selected run is drawn in them.
    expect(fc.features[2].properties.color).toBe(vehicleColor(1));
    expect(fc.features[2].geometry).toBe(runs[0].routes[1].geometry);
  });

  it('draws the selected run in vehicle colours with casing and arrows, the others in their run colour', () => {
    const fc = runRoutesGeoJSON([run('run-1', solA, '#111111'), run('run-2', solB, '#222222')], 'run-2');
    for (const id of [ROUTE_LAYER_IDS.selected, ROUTE_LAYER_IDS.casing, ROUTE_LAYER_IDS.arrows]) {
      expect(drawnBy(id, fc).map((f) => f.properties.run)).toEqual(['run-2']);
    }
    expect(drawnBy(ROUTE_LAYER_IDS.others, fc).map((f) => f.properties.run)).toEqual(['run-1', 'run-1']);
    const paint = (id: string) => (ROUTE_LAYERS.find((l) => l.id === id) as { paint: Record<string, unknown> }).paint;
    expect(paint(ROUTE_LAYER_IDS.selected)['line-color']).toEqual(['get', 'color']);
    expect(paint(ROUTE_LAYER_IDS.others)['line-color']).toEqual(['get', 'runColor']);
    // The hover layers draw from the hover source only, never the scene's own routes.
    expect(drawnBy(ROUTE_LAYER_IDS.hovered, fc)).toEqual([]);
    expect(drawnBy(ROUTE_LAYER_IDS.highlight, fc)).toEqual([]);
    for (const id of [ROUTE_LAYER_IDS.hovered, ROUTE_LAYER_IDS.highlight]) expect(ROUTE_LAYERS.find((l) => l.id === id)).toMatchObject({ source: SOURCES.hover });
  });

  it('gives a selected run still going no arrows (its solution still changes)', () => {
    const live = runRoutesGeoJSON([run('run-1', solA, '#111111', true, true)], 'run-1');
    expect(drawnBy(ROUTE_LAYER_IDS.selected, live)).toHaveLength(2);
    expect(drawnBy(ROUTE_LAYER_IDS.casing, live)).toHaveLength(2);
    expect(drawnBy(ROUTE_LAYER_IDS.arrows, live)).toEqual([]);
    const done = runRoutesGeoJSON([run('run-1', solA, '#111111', true, false)], 'run-1');
    expect(drawnBy(ROUTE_LAYER_IDS.arrows, done)).toHaveLength(2);
  });

  it('has no selected layer content without a selected run', () => {
    const fc = runRoutesGeoJSON([run('run-1', solA, '#111111')], null);
    expect(drawnBy(ROUTE_LAYER_IDS.selected, fc)).toEqual([]);
    expect(drawnBy(ROUTE_LAYER_IDS.others, fc)).toHaveLength(2);
  });

  it('is one source (and the small hover source) and a fixed set of layers under the stops, whatever the number of runs', () => {
    expect(new Set(INSTANCE_LAYERS.map((l) => ('source' in l ? l.source : null)))).toEqual(new Set([SOURCES.scene, SOURCES.depot, SOURCES.hover]));
    expect(new Set(INSTANCE_LAYERS.filter((l) => l.type === 'symbol' && 'source' in l && l.source === SOURCES.scene).map((l) => l.id))).toEqual(
      new Set([ROUTE_LAYER_IDS.arrows, 'stop-numbers']),
    );
    expect(ROUTE_LAYERS.every((l) => INSTANCE_LAYERS.includes(l))).toBe(true);
    const order = INSTANCE_LAYERS.map((l) => l.id);
    expect(order.indexOf(ROUTE_LAYER_IDS.arrows)).toBeLessThan(order.indexOf('clients'));
    expect(order.indexOf(ROUTE_LAYER_IDS.others)).toBeLessThan(order.indexOf(ROUTE_LAYER_IDS.selected));
    expect(PICKABLE_ROUTE_LAYERS[0]).toBe(ROUTE_LAYER_IDS.selected);
  });

  it('tells when the source would get the same collection again', () => {
    const a = [run('run-1', solA, '#111111'), run('run-2', solB, '#222222')];
    expect(sameRunRoutes(a, a.map((r) => ({ ...r })))).toBe(true);
    expect(sameRunRoutes(a, [a[0], { ...a[1], visible: false }])).toBe(false);
    expect(sameRunRoutes(a, [a[0], { ...a[1], routes: routesGeoJSON(inst, solB).features }])).toBe(false);
    expect(sameRunRoutes(a, [a[0]])).toBe(false);
    expect(sameRunRoutes(a, [a[0], { ...a[1], live: true }])).toBe(false);
    expect(sameRunRoutes(a, [a[1], a[0]])).toBe(false);
    // A hidden run changes nothing drawn: new routes, liveness or colour, or leaving the list.
    const hidden = [a[0], { ...a[1], visible: false }];
    expect(sameRunRoutes(hidden, [a[0], { ...hidden[1], routes: routesGeoJSON(inst, solA).features, live: true, color: '#333333' }])).toBe(true);
    expect(sameRunRoutes(hidden, [a[0]])).toBe(true);
    expect(runRoutesGeoJSON(hidden, 'run-1')).toEqual(runRoutesGeoJSON([a[0]], 'run-1'));
  });
});

describe('the scene source', () => {
  const sol = { routes: [{ vehicle: 0, stops: [2, 1] }, { vehicle: 0, stops: [3] }], unassigned: [] };
  const scene = sceneGeoJSON(
    runRoutesGeoJSON([run('run-1', solA, '#111111'), run('run-2', sol, '#222222')], 'run-2').features,
    sceneNodes(nodesGeoJSON(inst, sol).features),
    sceneNumbers(stopNumbersGeoJSON(inst, sol).features),
  ) as unknown as { features: { properties: Props }[] };

  it('gives each layer its own features: stops, numbers, depot and routes', () => {
    expect(drawnBy('clients', scene).map((f) => f.properties.node)).toEqual([1, 2, 3]);
    // The depot is not in the scene: it has a source of its own, which changes with the instance only.
    expect(scene.features.filter((f) => f.properties.node === 0 && f.properties.kind === 'node')).toEqual([]);
    expect(depotsGeoJSON(inst).features.map((f) => f.properties.node)).toEqual([0]);
    expect(depotsGeoJSON(null).features).toEqual([]);
    expect(drawnBy('stop-numbers', scene).map((f) => [f.properties.node, f.properties.seq])).toEqual([
      [2, 1],
      [1, 2],
      [3, 1],
    ]);
    expect(drawnBy(ROUTE_LAYER_IDS.selected, scene).map((f) => f.properties.run)).toEqual(['run-2', 'run-2']);
    expect(drawnBy(ROUTE_LAYER_IDS.others, scene).map((f) => f.properties.run)).toEqual(['run-1', 'run-1']);
  });

  it('keeps stops out of the hover layers', () => {
    const look = routeHoverLook({ runId: 'run-1', route: 0 }, new Set(['run-1', 'run-2']), 'run-2');
    const hover = hoverGeoJSON(scene.features as never, look);
    expect(drawnBy(ROUTE_LAYER_IDS.hovered, hover).map((f) => f.properties.kind)).toEqual(['route', 'route']);
    expect(drawnBy(ROUTE_LAYER_IDS.highlight, hover).map((f) => [f.properties.kind, f.properties.route])).toEqual([['route', 0]]);
  });
});

describe('hovering a run or a route', () => {
  const runs = [run('run-1', solA, '#111111'), run('run-2', solB, '#222222')];
  const fc = runRoutesGeoJSON(runs, 'run-1');
  const drawn = new Set(['run-1', 'run-2']);

  it('rests with nothing emphasised', () => {
    const look = routeHoverLook(null, drawn, 'run-1');
    expect(look).toMatchObject({ othersOpacity: 0.6, selectedOpacity: 1, casingOpacity: 0.8, arrowsOpacity: 1 });
    expect(hoverGeoJSON(fc.features, look).features).toEqual([]);
  });

  it('raises another run and dims the selected one', () => {
    const look = routeHoverLook({ runId: 'run-2', route: null }, drawn, 'run-1');
    const hover = hoverGeoJSON(fc.features, look);
    expect(drawnBy(ROUTE_LAYER_IDS.hovered, hover).map((f) => f.properties.run)).toEqual(['run-2']);
    expect(drawnBy(ROUTE_LAYER_IDS.highlight, hover)).toEqual([]);
    expect(look).toMatchObject({ othersOpacity: 0.25, selectedOpacity: 0.35, casingOpacity: 0.3, arrowsOpacity: 0.35 });
  });

  it('glows one route of the selected run and dims the others only', () => {
    const look = routeHoverLook({ runId: 'run-1', route: 1 }, drawn, 'run-1');
    const hover = hoverGeoJSON(fc.features, look);
    expect(drawnBy(ROUTE_LAYER_IDS.highlight, hover).map((f) => [f.properties.run, f.properties.route])).toEqual([['run-1', 1]]);
    // The glow keeps the route's own geometry and vehicle colour.
    expect(drawnBy(ROUTE_LAYER_IDS.highlight, hover)[0].geometry).toBe(fc.features[2].geometry);
    expect(drawnBy(ROUTE_LAYER_IDS.highlight, hover)[0].properties.color).toBe(vehicleColor(1));
    expect(drawnBy(ROUTE_LAYER_IDS.hovered, hover)).toEqual([]);
    expect(look).toMatchObject({ othersOpacity: 0.25, selectedOpacity: 1 });
  });

  it('ignores a hover on a run that is not drawn', () => {
    expect(routeHoverLook({ runId: 'run-9', route: 0 }, drawn, 'run-1')).toEqual(routeHoverLook(null, drawn, 'run-1'));
  });
});
