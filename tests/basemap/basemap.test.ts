import { describe, expect, it } from 'vitest';
import { joinWays } from '../../src/core/basemap/chains';
import { clipLine, clipRing, expandBox, signedArea2, type Box } from '../../src/core/basemap/clip';
import { seaPolygons } from '../../src/core/basemap/coast';
import { basemapFromFeatures, selectBasemapFeature, type ExtractFeature } from '../../src/core/basemap/collect';
import { decodeBasemap, encodeBasemap } from '../../src/core/basemap/encoding';
import { basemapGeoJSON } from '../../src/core/basemap/geojson';

const box: Box = [0, 0, 10, 10];

describe('basemap geometry', () => {
  it('joins ways that share end points into rings, reversing undirected ways to fit', () => {
    const { rings, open } = joinWays([
      [0, 0, 1, 0],
      [1, 1, 1, 0],
      [1, 1, 0, 0],
      [5, 5, 6, 6],
    ]);
    expect(rings).toHaveLength(1);
    expect(rings[0][0]).toBe(rings[0][rings[0].length - 2]);
    expect(rings[0]).toHaveLength(8);
    expect(open).toEqual([[5, 5, 6, 6]]);
  });

  it('keeps the direction of directed ways (coastlines)', () => {
    const { open } = joinWays(
      [
        [0, 0, 1, 0],
        [2, 0, 1, 0],
      ],
      true,
    );
    expect(open).toHaveLength(2);
  });

  it('cuts lines to the box, keeping one vertex beyond each end', () => {
    expect(clipLine(box, [-5, 5, -1, 5, 5, 5, 11, 5, 15, 5])).toEqual([[-1, 5, 5, 5, 11, 5]]);
    expect(clipLine(box, [-5, -5, -1, -1])).toEqual([]);
  });

  it('cuts rings to the box', () => {
    const ring = clipRing(box, [-5, -5, 5, -5, 5, 5, -5, 5, -5, -5]);
    expect(Math.abs(signedArea2(ring)) / 2).toBeCloseTo(25);
    expect(clipRing(box, [20, 20, 21, 20, 21, 21, 20, 20])).toEqual([]);
  });

  it('grows a box by metres', () => {
    const b = expandBox([7.4, 43.7, 7.5, 43.8], 1000);
    expect(b[1]).toBeCloseTo(43.7 - 1000 / 110_540, 6);
    expect(b[0]).toBeLessThan(7.4);
  });
});

describe('the sea from coastlines', () => {
  it('closes a coast crossing the box into the water on its right', () => {
    // West to east across the box at y = 5: land on the left (north), water on the right (south).
    const [sea] = seaPolygons(box, [[-1, 5, 11, 5]]);
    expect(sea).toHaveLength(1);
    const ring = sea[0];
    expect(Math.abs(signedArea2(ring)) / 2).toBeCloseTo(50);
    expect(ring.filter((_, i) => i % 2 === 1).every((y) => y <= 5)).toBe(true);
  });

  it('makes an island a hole of the sea', () => {
    const island = [4, 1, 6, 1, 6, 3, 4, 3, 4, 1]; // counter-clockwise: land inside
    const polygons = seaPolygons(box, [[-1, 5, 11, 5], island]);
    expect(polygons).toHaveLength(1);
    expect(polygons[0]).toHaveLength(2);
  });

  it('leaves out a coast that ends inside the box', () => {
    expect(seaPolygons(box, [[-1, 5, 5, 5]])).toEqual([]);
  });
});

describe('basemap features', () => {
  const feature = (tags: Record<string, string>, coords: number[], area = false): ExtractFeature => ({ layer: selectBasemapFeature(tags) ?? '', tags, parts: [{ coords, role: '' }], area });

  it('classifies roads, areas and lines by the tables; buildings are left out', () => {
    expect(selectBasemapFeature({ highway: 'motorway_link' })).toBe('motorway');
    expect(selectBasemapFeature({ highway: 'living_street' })).toBe('minor');
    expect(selectBasemapFeature({ highway: 'footway' })).toBe('path');
    expect(selectBasemapFeature({ natural: 'water' })).toBe('water');
    expect(selectBasemapFeature({ leisure: 'park' })).toBe('park');
    expect(selectBasemapFeature({ waterway: 'stream' })).toBe('waterway');
    expect(selectBasemapFeature({ building: 'yes', landuse: 'residential' })).toBeNull();
    expect(selectBasemapFeature({ amenity: 'cafe' })).toBeNull();
  });

  it('builds, encodes and decodes a basemap, and serves it as GeoJSON by group', () => {
    const basemap = basemapFromFeatures(
      [
        feature({ highway: 'primary', name: 'Boulevard' }, [1, 1, 5, 5, 9, 5]),
        feature({ highway: 'service', tunnel: 'yes' }, [1, 2, 2, 2]),
        feature({ landuse: 'forest' }, [2, 2, 4, 2, 4, 4, 2, 4, 2, 2], true),
        feature({ waterway: 'river' }, [0.5, 9, 9.5, 9]),
        { layer: 'coast', tags: { natural: 'coastline' }, parts: [{ coords: [-1, 0.5, 11, 0.5], role: '' }], area: false },
      ],
      box,
    );
    expect(basemap.features.map((f) => f.cls)).toEqual(['wood', 'water', 'waterway', 'primary', 'service']);
    const back = decodeBasemap('t.basemap', encodeBasemap(basemap, '© OpenStreetMap contributors'));
    expect(back.attribution).toBe('© OpenStreetMap contributors');
    expect(back.features.map((f) => [f.cls, f.name, f.tunnel, f.geometry])).toEqual(basemap.features.map((f) => [f.cls, f.name, f.tunnel, f.geometry]));
    back.features.forEach((f, k) => f.parts.forEach((p, i) => p.forEach((v, j) => expect(v).toBeCloseTo(basemap.features[k].parts[i][j], 6))));
    const gj = basemapGeoJSON(back);
    expect(gj.features.map((f) => f.properties.group)).toEqual(['landuse', 'water', 'waterway', 'road', 'road']);
    expect(gj.features[3].properties).toMatchObject({ class: 'primary', name: 'Boulevard' });
    expect(gj.features[4].properties.tunnel).toBe(true);
  });

  it('names the file and the problem when a basemap file is not one', () => {
    expect(() => decodeBasemap('x.basemap', new Uint8Array([1, 2, 3]))).toThrow(/x\.basemap/);
  });
});
