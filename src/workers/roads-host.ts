/**
 * The roads worker's logic, free of the worker global so that Node tests drive it directly. It
 * keeps each city's road network once loaded and each point's snap once made (a city's stops
 * are its road points, drawn again and again in every run), so a leg costs one path search.
 */
import { decodeBasemap } from '../core/basemap/encoding';
import { basemapGeoJSONBytes, splitDetail } from '../core/basemap/geojson';
import type { LegRouter } from '../core/roads/leg-router';
import { simplifyPath } from '../core/roads/simplify';
import type { LegPaths, RoadsBasemap, RoadsCalls, RoadsSource } from './roads-protocol';
import { rpcHost, transferring, type PostReply, type RpcRequest } from './rpc';

export type FetchBytes = (url: string) => Promise<Uint8Array>;
/** A city's stored street data (the planner's built cities), undefined when there is none. */
export type StoredBytes = (city: string, what: 'basemap' | 'roads') => Promise<Uint8Array | undefined>;
export type OpenRouter = (file: string, bytes: Uint8Array) => LegRouter;

/**
 * How far a drawn path may stray from the road it follows, in metres: about a pixel at the
 * deepest zoom a planner reads a route at, and a quarter fewer vertices to draw in every frame.
 */
const DRAW_TOLERANCE_M = 0.5;

/** Snaps remembered per city; a planner's edits add points, so the bound is generous. */
const MAX_SNAPS = 50_000;

interface CityRoads {
  router: LegRouter | null;
  snaps: Map<string, unknown>;
}

export class RoadsHost {
  private readonly networks = new Map<string, Promise<CityRoads>>();
  /** Never throws: every failure becomes an error reply. */
  readonly handle: (request: RpcRequest<RoadsCalls>) => Promise<void>;

  constructor(
    post: PostReply,
    private readonly fetchBytes: FetchBytes,
    private readonly openRouter: OpenRouter,
    private readonly stored: StoredBytes = async () => undefined,
  ) {
    this.handle = rpcHost<RoadsCalls>(
      {
        basemap: async (source) => {
          const basemap = await this.basemap(source);
          return basemap ? transferring(basemap, [basemap.geojson.buffer, basemap.detail.buffer]) : null;
        },
        prepare: async (source) => (await this.network(source)).router?.size ?? null,
        legs: async (params) => {
          const legs = await this.legs(params, params.pairs);
          return transferring(legs, [legs.coords.buffer, legs.offsets.buffer]);
        },
      },
      post,
    );
  }

  private async bytesOf(source: RoadsSource, what: 'basemap' | 'roads'): Promise<Uint8Array | undefined> {
    const url = what === 'basemap' ? source.basemapUrl : source.roadsUrl;
    return url ? this.fetchBytes(url) : this.stored(source.city, what);
  }

  async basemap(source: RoadsSource): Promise<RoadsBasemap | null> {
    const bytes = await this.bytesOf(source, 'basemap');
    if (!bytes) return null;
    const start = performance.now();
    const basemap = decodeBasemap(`${source.city}.basemap`, bytes);
    const { main, detail } = splitDetail(basemap);
    const geojson = basemapGeoJSONBytes(main);
    const detailBytes = basemapGeoJSONBytes(detail);
    const decodeMs = performance.now() - start;
    return { geojson, detail: detailBytes, features: basemap.features.length, attribution: basemap.attribution, box: basemap.box, fileBytes: bytes.length, decodeMs };
  }

  private network(source: RoadsSource): Promise<CityRoads> {
    let pending = this.networks.get(source.city);
    if (!pending) {
      pending = this.bytesOf(source, 'roads').then((bytes) => ({ router: bytes ? this.openRouter(`${source.city}.roads`, bytes) : null, snaps: new Map() }));
      this.networks.set(source.city, pending);
      // A failed load is tried again next time rather than remembered.
      pending.catch(() => this.networks.delete(source.city));
    }
    return pending;
  }

  async legs(source: RoadsSource, pairs: Float64Array): Promise<LegPaths> {
    const legs = Math.floor(pairs.length / 4);
    const { router, snaps } = await this.network(source);
    const offsets = new Uint32Array(legs + 1);
    if (!router) return { coords: new Float64Array(0), offsets };
    const snapOf = (lon: number, lat: number) => {
      const key = `${lon},${lat}`;
      if (snaps.has(key)) return snaps.get(key) ?? null;
      if (snaps.size >= MAX_SNAPS) snaps.clear();
      const snap = router.snap(lon, lat);
      snaps.set(key, snap);
      return snap;
    };
    const paths: Float64Array[] = [];
    let total = 0;
    for (let k = 0; k < legs; k++) {
      const a = snapOf(pairs[4 * k], pairs[4 * k + 1]);
      const b = snapOf(pairs[4 * k + 2], pairs[4 * k + 3]);
      const path = a !== null && b !== null ? router.path(a, b) : null;
      const p = path ? simplifyPath(path, DRAW_TOLERANCE_M) : new Float64Array(0);
      paths.push(p);
      total += p.length / 2;
      offsets[k + 1] = total;
    }
    const coords = new Float64Array(2 * total);
    let o = 0;
    for (const p of paths) {
      coords.set(p, o);
      o += p.length;
    }
    return { coords, offsets };
  }
}

