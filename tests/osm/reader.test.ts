/** Reading extracts: PBF and XML of the same data give the same graph, in any chunking. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { buildRoadGraph, createOsmStream, readRoads, readRoadsFromChunks, defaultMapLayer } from '../../src/core/osm';
import { repoPath } from '../helpers';

const pbf = readFileSync(repoPath('tests', 'fixtures', 'osm', 'amager.osm.pbf'));
const xmlGz = readFileSync(repoPath('tests', 'fixtures', 'osm', 'amager.osm.gz'));

describe('OSM readers', () => {
  it('read the same elements from .osm.pbf and .osm.gz (osmium cat of the same file)', () => {
    const a = readRoads('amager.osm.pbf', pbf);
    const b = readRoads('amager.osm.gz', xmlGz);
    expect(a.format).toBe('pbf');
    expect(b.format).toBe('xml.gz');
    expect(b.counts.nodes).toBe(a.counts.nodes);
    expect(b.counts.ways).toBe(a.counts.ways);
    expect(b.counts.relations).toBe(a.counts.relations);
    expect(a.counts.nodes).toBe(6051);
    expect(b.ways.map((w) => w.id)).toEqual(a.ways.map((w) => w.id));
    expect(b.restrictions).toEqual(a.restrictions);
    expect(a.header.bounds!.west).toBeCloseTo(12.5589, 4);
  });

  it('build the same road graph from PBF and XML', () => {
    const a = buildRoadGraph(readRoads('amager.osm.pbf', pbf));
    const b = buildRoadGraph(readRoads('amager.osm.gz', xmlGz));
    expect(b.stats).toEqual(a.stats);
    expect(Array.from(b.edgeFrom)).toEqual(Array.from(a.edgeFrom));
    expect(Array.from(b.edgeFlags)).toEqual(Array.from(a.edgeFlags));
    expect(Array.from(b.vertexLon)).toEqual(Array.from(a.vertexLon));
    expect(Array.from(b.vertexFwdTime)).toEqual(Array.from(a.vertexFwdTime));
    expect(Array.from(b.turnTo)).toEqual(Array.from(a.turnTo));
    expect(b.names).toEqual(a.names);
    expect(a.stats.largestScc.arcShare).toBeGreaterThan(0.7);
  });

  it('give the same result when bytes arrive in small chunks', async () => {
    const whole = readRoads('amager.osm.pbf', pbf);
    async function* chunks(bytes: Uint8Array, size: number) {
      for (let o = 0; o < bytes.length; o += size) yield bytes.subarray(o, o + size);
    }
    const pieces = await readRoadsFromChunks('amager.osm.pbf', chunks(pbf, 997));
    expect(pieces.ways.map((w) => w.id)).toEqual(whole.ways.map((w) => w.id));
    const gz = await readRoadsFromChunks('amager.osm.gz', chunks(xmlGz, 1543));
    expect(gz.counts).toEqual(readRoads('amager.osm.gz', xmlGz).counts);
  });

  it('hands every element to a handler and keeps basemap features on request', () => {
    let nodes = 0;
    let tagged = 0;
    const stream = createOsmStream('amager.osm.pbf', {
      node(_id, lon, lat, tags) {
        nodes++;
        if (tags) tagged++;
        expect(lon).toBeGreaterThan(12.5);
        expect(lat).toBeGreaterThan(55.6);
      },
    });
    stream.push(pbf);
    const summary = stream.end();
    expect(nodes).toBe(summary.counts.nodes);
    expect(tagged).toBeGreaterThan(0);
    const withFeatures = readRoads('amager.osm.pbf', pbf, { selectFeature: defaultMapLayer });
    const layers = new Set(withFeatures.features.map((f) => f.layer));
    expect(layers.has('highway')).toBe(true);
    for (const f of withFeatures.features) expect(f.parts[0].coords.length).toBeGreaterThanOrEqual(4);
  });
});
