/**
 * City building off the page's thread: the worker's logic answers progress (throttled), the
 * built city (its arrays transferred) or a located error naming the file; the page's client
 * ends a build at Cancel by terminating its worker, and a worker that dies is a located error.
 */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import type { CityData } from '../../src/core/cities/city';
import { FormatError } from '../../src/core/errors';
import { buildCityInWorker } from '../../src/workers/city-build-client';
import { handleBuildRequest, type CityBuilder } from '../../src/workers/city-build-host';
import type { CityBuildOptions, CityBuildReply, CityBuildRequest } from '../../src/workers/city-build-protocol';
import { osmCityBuilder } from '../../src/workers/osm-city-builder';
import { repoPath } from '../helpers';
import { badExtractBytes, badExtracts, expectLocatedError } from '../osm/bad-extract-corpus';

function tinyCity(): CityData {
  return {
    name: 'Tiny',
    n: 2,
    lonlat: new Float64Array([14.2, 51.4, 14.21, 51.41]),
    distance: new Float64Array([0, 900, 950, 0]),
    duration: new Float64Array([0, 80, 85, 0]),
    attribution: '© OpenStreetMap contributors',
  };
}

const request: CityBuildRequest = { kind: 'build', file: 'town.osm.pbf', source: new Blob([]), options: { boxKm: 3, points: 2, seed: 1 } };

function collect(): { replies: CityBuildReply[]; transfers: Transferable[][]; post: (r: CityBuildReply, t?: Transferable[]) => void } {
  const replies: CityBuildReply[] = [];
  const transfers: Transferable[][] = [];
  return { replies, transfers, post: (r, t) => (replies.push(r), transfers.push(t ?? [])) };
}

describe('the build worker', () => {
  it('reports progress on a budget and hands the city over', async () => {
    const builder: CityBuilder = {
      async build(_file, _source, options, control) {
        expect(options).toEqual({ boxKm: 3, points: 2, seed: 1 });
        for (let i = 0; i <= 100; i++) control.onProgress('routing', i / 100);
        return { city: tinyCity(), streets: { roads: new Uint8Array([1, 2, 3]) }, build: { seed: 1 }, warnings: ['3 points dropped'] };
      },
      extent: async () => null,
    };
    const { replies, transfers, post } = collect();
    await handleBuildRequest(request, post, builder, new AbortController().signal);
    const progress = replies.filter((r) => r.kind === 'progress');
    expect(progress.length).toBeGreaterThanOrEqual(2);
    expect(progress.length).toBeLessThan(10);
    expect(progress[progress.length - 1]).toEqual({ kind: 'progress', stage: 'routing', fraction: 1 });
    const last = replies[replies.length - 1];
    expect(last.kind).toBe('built');
    if (last.kind === 'built') {
      expect(last.warnings).toEqual(['3 points dropped']);
      expect(Array.from(last.streets.roads!)).toEqual([1, 2, 3]);
    }
    // The matrices, the points and the road network move to the page; nothing is copied.
    expect(transfers[transfers.length - 1]).toHaveLength(4);
  });

  it('answers a builder error with the file and the problem', async () => {
    const failing = (err: unknown): CityBuilder => ({ build: async () => Promise.reject(err), extent: async () => null });
    const { replies, post } = collect();
    await handleBuildRequest(request, post, failing(new FormatError({ file: 'town.osm.pbf', field: '(box)', expected: 'at least 300 road points in the box', found: '41' })), new AbortController().signal);
    await handleBuildRequest(request, post, failing(new RangeError('out of memory')), new AbortController().signal);
    const [a, b] = replies as Extract<CityBuildReply, { kind: 'failed' }>[];
    expect(a.kind).toBe('failed');
    expect(a.error).toMatchObject({ file: 'town.osm.pbf', field: '(box)', found: '41' });
    expect(a.error.message).toContain('at least 300 road points');
    expect(b.error.file).toBe('town.osm.pbf');
    expect(b.error.message).toContain('out of memory');
  });

  it('answers an extent, or null when it cannot tell', async () => {
    const { replies, post } = collect();
    const builder: CityBuilder = { build: async () => Promise.reject(new Error('unused')), extent: async () => [1, 2, 3, 4] };
    await handleBuildRequest({ kind: 'extent', file: 'a.osm', source: new Blob([]) }, post, builder, new AbortController().signal);
    await handleBuildRequest({ kind: 'extent', file: 'a.osm', source: new Blob([]) }, post, { ...builder, extent: async () => Promise.reject(new Error('x')) }, new AbortController().signal);
    expect(replies).toEqual([
      { kind: 'extent', bounds: [1, 2, 3, 4] },
      { kind: 'extent', bounds: null },
    ]);
  });
});

/** Enough of a Worker for the client: messages in, replies out, terminate recorded. */
class FakeWorker {
  onmessage: ((e: MessageEvent<CityBuildReply>) => void) | null = null;
  onerror: ((e: ErrorEvent) => void) | null = null;
  onmessageerror: (() => void) | null = null;
  terminated = false;
  posted: CityBuildRequest[] = [];
  postMessage(msg: CityBuildRequest): void {
    this.posted.push(msg);
  }
  terminate(): void {
    this.terminated = true;
  }
  reply(r: CityBuildReply): void {
    this.onmessage?.({ data: r } as MessageEvent<CityBuildReply>);
  }
  crash(message: string): void {
    this.onerror?.({ message, preventDefault() {} } as ErrorEvent);
  }
}

describe('the build client', () => {
  const file = new File([new Uint8Array(10)], 'town.osm.pbf');

  it('passes progress on and settles once with the city', async () => {
    const worker = new FakeWorker();
    const seen: number[] = [];
    const handle = buildCityInWorker(file, { boxKm: 3, points: 2, seed: 1 }, (_s, f) => seen.push(f), () => worker as unknown as Worker);
    expect(worker.posted[0]).toMatchObject({ kind: 'build', file: 'town.osm.pbf', options: { boxKm: 3, points: 2, seed: 1 } });
    worker.reply({ kind: 'progress', stage: 'reading', fraction: 0.5 });
    worker.reply({ kind: 'built', city: tinyCity(), streets: {}, build: {}, warnings: [] });
    worker.reply({ kind: 'progress', stage: 'late', fraction: 0.9 });
    const outcome = await handle.result;
    expect(outcome.status).toBe('built');
    expect(seen).toEqual([0.5]);
    expect(worker.terminated).toBe(true);
  });

  it('Cancel ends the build at once and terminates the worker', async () => {
    const worker = new FakeWorker();
    const handle = buildCityInWorker(file, { boxKm: 3, points: 2, seed: 1 }, () => {}, () => worker as unknown as Worker);
    handle.cancel();
    worker.reply({ kind: 'built', city: tinyCity(), streets: {}, build: {}, warnings: [] });
    expect(await handle.result).toEqual({ status: 'cancelled' });
    expect(worker.terminated).toBe(true);
  });

  it('a worker that dies ends the build as an error naming the file', async () => {
    const worker = new FakeWorker();
    const handle = buildCityInWorker(file, { boxKm: 3, points: 2, seed: 1 }, () => {}, () => worker as unknown as Worker);
    worker.reply({ kind: 'progress', stage: 'reading the extract', fraction: 0.1 });
    worker.crash('Out of memory');
    const outcome = await handle.result;
    expect(outcome.status).toBe('failed');
    if (outcome.status === 'failed') {
      expect(outcome.error.file).toBe('town.osm.pbf');
      expect(outcome.error.message).toMatch(/too big/);
    }
  });

  it('a worker that never starts says so, rather than blaming the extract', async () => {
    const worker = new FakeWorker();
    const handle = buildCityInWorker(file, { boxKm: 3, points: 2, seed: 1 }, () => {}, () => worker as unknown as Worker);
    worker.crash('');
    const outcome = await handle.result;
    expect(outcome.status === 'failed' && outcome.error.message).toMatch(/town\.osm\.pbf: .*reload the page/);
  });
});

describe('the extract’s extent', () => {
  it('is where the nodes of a PBF lie (beyond the box its header declares)', async () => {
    const bytes = readFileSync(repoPath('e2e', 'fixtures', 'hoyerswerda.osm.pbf'));
    const bounds = await osmCityBuilder.extent('hoyerswerda.osm.pbf', new Blob([bytes]));
    expect(bounds).not.toBeNull();
    const [w, s, e, n] = bounds!;
    expect(w).toBeCloseTo(14.201, 2);
    expect(s).toBeCloseTo(51.387, 2);
    expect(e).toBeCloseTo(14.268, 2);
    expect(n).toBeCloseTo(51.467, 2);
  });

  it('is the nodes’ extent when an XML extract declares none', async () => {
    const xml = '<?xml version="1.0"?><osm version="0.6"><node id="1" lat="51.4" lon="14.2"/><node id="2" lat="51.5" lon="14.3"/></osm>';
    expect(await osmCityBuilder.extent('a.osm', new Blob([xml]))).toEqual([14.2, 51.4, 14.3, 51.5]);
  });
});

describe('the real builder in the worker', () => {
  const bytes = readFileSync(repoPath('e2e', 'fixtures', 'hoyerswerda.osm.pbf'));
  const run = async (file: string, data: BlobPart, options: CityBuildOptions) => {
    const { replies, post } = collect();
    await handleBuildRequest({ kind: 'build', file, source: new Blob([data]), options }, post, osmCityBuilder, new AbortController().signal);
    return replies;
  };

  it('builds a city with its streets, reporting every stage in order', async () => {
    const replies = await run('hoyerswerda.osm.pbf', bytes, { boxKm: 3, points: 300, seed: 1 });
    const built = replies[replies.length - 1];
    expect(built.kind).toBe('built');
    if (built.kind !== 'built') return;
    expect(built.city.n).toBe(300);
    expect(built.city.attribution).toContain('OpenStreetMap');
    expect(built.city.distance[1]).toBeGreaterThan(0);
    expect(built.streets.roads?.length).toBeGreaterThan(0);
    expect(built.streets.basemap?.length).toBeGreaterThan(0);
    expect(built.build).toMatchObject({ N: 300, seed: 1 });
    const progress = replies.flatMap((r) => (r.kind === 'progress' ? [r] : []));
    const fractions = progress.map((r) => r.fraction);
    expect(fractions).toEqual([...fractions].sort((a, b) => a - b));
    const stages = progress.map((r) => r.stage).filter((s, i, all) => s !== all[i - 1]);
    expect(stages).toEqual(['reading the extract', 'building the road graph', 'placing road points', 'computing the matrices', 'drawing the streets']);
  }, 60_000);

  it('says what is wrong with a bad extract or bad settings, naming the file', async () => {
    const failed = async (...args: Parameters<typeof run>) => {
      const r = (await run(...args)).pop()!;
      expect(r.kind).toBe('failed');
      return (r as Extract<CityBuildReply, { kind: 'failed' }>).error;
    };
    expect(await failed('cut.osm.pbf', bytes.subarray(0, 70_000), { boxKm: 3, points: 300, seed: 1 })).toMatchObject({ file: 'cut.osm.pbf' });
    expect((await failed('route.osm', '<?xml version="1.0"?>\n<gpx version="1.1"></gpx>\n', { boxKm: 3, points: 300, seed: 1 })).message).toMatch(/osm/i);
    expect((await failed('h.osm.pbf', bytes, { boxKm: 0.5, points: 2000, seed: 1 })).field).toBe('(area)');
    expect((await failed('h.osm.pbf', bytes, { centre: [7.4, 43.7], boxKm: 3, points: 300, seed: 1 })).field).toBe('(centre)');
    const paths =
      '<?xml version="1.0"?>\n<osm version="0.6"><node id="1" lat="51.40" lon="14.20"/><node id="2" lat="51.41" lon="14.21"/>' +
      '<way id="3"><nd ref="1"/><nd ref="2"/><tag k="highway" v="footway"/></way></osm>\n';
    expect((await failed('paths.osm', paths, { boxKm: 3, points: 300, seed: 1 })).field).toBe('(roads)');
  }, 60_000);

  it('refuses an extract too big for a tab before reading it', async () => {
    const { replies, post } = collect();
    const huge = { size: 300 * 1024 * 1024, slice: () => new Blob([]), arrayBuffer: () => Promise.reject(new Error('read')) } as unknown as Blob;
    await handleBuildRequest({ kind: 'build', file: 'planet.osm.pbf', source: huge, options: { boxKm: 3, points: 300, seed: 1 } }, post, osmCityBuilder, new AbortController().signal);
    const last = replies.pop()!;
    expect(last.kind === 'failed' && last.error).toMatchObject({ file: 'planet.osm.pbf', field: '(size)' });
  });
});

/** The builder's bad-input corpus, as the app meets it: through the build worker's logic with the dialog's defaults. */
describe('the bad-extract corpus in the app', () => {
  // The app has no setting for the builder's limits: the node-limit case is the CLI's and core's.
  const cases = badExtracts()
    .filter((c) => c.maxNodes === undefined)
    .map((c) => [c.name, c] as const);

  it.each(cases)('%s fails in the worker with the file and the problem', async (_, c) => {
    const { replies, post } = collect();
    const bytes = badExtractBytes(c);
    const options: CityBuildOptions = { boxKm: 3, points: 1000, seed: 1, ...(c.centre ? { centre: c.centre } : {}) };
    await handleBuildRequest({ kind: 'build', file: c.file, source: new Blob([bytes]), options }, post, osmCityBuilder, new AbortController().signal);
    const last = replies[replies.length - 1];
    expect(last.kind).toBe('failed');
    if (last.kind !== 'failed') return;
    expectLocatedError(last.error, c, c.file);
  }, 20_000);
});
