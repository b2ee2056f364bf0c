/**
 * From OSM tags to what the router needs, following the car profile's table: whether a way is
 * drivable in each direction, at what speed, how strongly the route choice avoids it, and which
 * nodes block or slow a car. The order of the checks is OSRM's: a tagged maxspeed replaces the
 * highway and surface speeds (times speedReduction).
 */
import type { CarProfile } from './car-profile';
import type { OsmTags } from './osm-types';

export interface DirectionRule {
  /** Speed driven, km/h (> 0). */
  speedKmh: number;
  /** Route-choice multiplier on speed (≤ 1): the weight is duration / multiplier. */
  choice: number;
  /** Private / destination roads: usable to start or end a trip, not to pass through. */
  destinationOnly: boolean;
}

export interface WayRule {
  /** Road class for maps and stats: the highway value, or the route value for a ferry. */
  highway: string;
  name: string;
  forward: DirectionRule | null;
  backward: DirectionRule | null;
  roundabout: boolean;
  /** Whether a trip may start or end on this way (OSRM: not on ferries, not on private service roads). */
  startpoint: boolean;
  /** A fixed traversal time for the whole way (ferries with a `duration` tag), else undefined. */
  durationS?: number;
}

export interface NodeRule {
  barrier: boolean;
  trafficSignal: boolean;
}

/** Profile lists turned into sets once. */
export interface CompiledProfile {
  profile: CarProfile;
  allowed: Set<string>;
  denied: Set<string>;
  destinationOnly: Set<string>;
  destinationOnlyHighways: Set<string>;
  noStartOnService: Set<string>;
  forbiddenService: Set<string>;
  avoidHighways: Set<string>;
  constructionAllowed: Set<string>;
  onewayForward: Set<string>;
  onewayReverse: Set<string>;
  impliedHighways: Set<string>;
  impliedJunctions: Set<string>;
  passableBarriers: Set<string>;
}

export function compileProfile(profile: CarProfile): CompiledProfile {
  return {
    profile,
    allowed: new Set(profile.access.allowed),
    denied: new Set(profile.access.denied),
    destinationOnly: new Set(profile.access.destinationOnly),
    destinationOnlyHighways: new Set(profile.access.destinationOnlyHighways),
    noStartOnService: new Set(profile.access.noStartOnServiceWith),
    forbiddenService: new Set(profile.access.forbiddenService),
    avoidHighways: new Set(profile.avoid.highways),
    constructionAllowed: new Set(profile.avoid.constructionAllowed),
    onewayForward: new Set(profile.oneway.forward),
    onewayReverse: new Set(profile.oneway.reverse),
    impliedHighways: new Set(profile.oneway.impliedHighways),
    impliedJunctions: new Set(profile.oneway.impliedJunctions),
    passableBarriers: new Set(profile.barriers.passable),
  };
}

/** The first key of `keys` present, per direction (`key:forward` / `key:backward` win over `key`). */
export function directional(tags: OsmTags, keys: string[]): [string | undefined, string | undefined] {
  let fwd: string | undefined;
  let bwd: string | undefined;
  for (const key of keys) {
    fwd ??= tags[`${key}:forward`];
    bwd ??= tags[`${key}:backward`];
    const common = tags[key];
    fwd ??= common;
    bwd ??= common;
    if (fwd !== undefined && bwd !== undefined) break;
  }
  return [fwd, bwd];
}

/** Leading number of a tag value ("50", "30 mph", "2.5 m", "50;30"), NaN if there is none. */
function leadingNumber(v: string): number {
  const m = /^\s*(\d+(?:[.,]\d+)?)/.exec(v);
  return m ? Number(m[1].replace(',', '.')) : NaN;
}

/** km/h for a maxspeed value, 0 when it names no usable limit ("signals", "walk", unknown zone). */
export function parseMaxspeed(profile: CarProfile, value: string | undefined): number {
  if (value === undefined) return 0;
  const n = leadingNumber(value);
  if (!Number.isNaN(n)) {
    if (/mph|mp\/h/i.test(value)) return n * profile.maxspeed.mphToKmh;
    if (/knots?/i.test(value)) return n * 1.852;
    return n;
  }
  const key = value.trim().toLowerCase();
  const zone = profile.maxspeed.byZone[key];
  if (zone !== undefined) return zone;
  const type = /^[a-z]{2}(?:-[a-z]+)?:([a-z_]+)/.exec(key)?.[1];
  return (type && profile.maxspeed.byZoneType[type]) || 0;
}

/** Metres from "2.5", "2.5 m", "8'6\"", "8 ft"; NaN for none/default/unknown. */
export function parseMetres(value: string | undefined): number {
  if (value === undefined) return NaN;
  const feet = /^\s*(\d+(?:\.\d+)?)\s*(?:'|ft|feet)\s*(?:(\d+(?:\.\d+)?)\s*(?:"|in))?/.exec(value);
  if (feet) return Number(feet[1]) * 0.3048 + (feet[2] ? Number(feet[2]) * 0.0254 : 0);
  const n = leadingNumber(value);
  if (Number.isNaN(n)) return NaN;
  if (/cm/.test(value)) return n / 100;
  return n;
}

/** Tonnes from "3.5", "3.5 t", "7500 kg", "10 st". */
export function parseTonnes(value: string | undefined): number {
  if (value === undefined) return NaN;
  const n = leadingNumber(value);
  if (Number.isNaN(n)) return NaN;
  if (/kg/.test(value)) return n / 1000;
  if (/lbs?/.test(value)) return n * 0.000453592;
  if (/st\b/.test(value)) return n * 0.907185;
  return n;
}

function parseDurationTag(v: string | undefined): number {
  if (!v) return NaN;
  const hm = /^\s*(\d+):(\d+)(?::(\d+))?\s*$/.exec(v);
  if (hm) return Number(hm[1]) * 3600 + Number(hm[2]) * 60 + Number(hm[3] ?? 0);
  const minutes = Number(v);
  return Number.isFinite(minutes) ? minutes * 60 : NaN;
}

function blocked(c: CompiledProfile, tags: OsmTags, highway: string | undefined): boolean {
  const av = c.profile.avoid;
  if (av.areaYes && tags.area === 'yes') return true;
  if (highway && c.avoidHighways.has(highway)) return true;
  if (tags.railway === 'construction') return true;
  if (tags.construction !== undefined && !c.constructionAllowed.has(tags.construction)) return true;
  if (av.proposed && tags.proposed !== undefined) return true;
  if (av.reversibleOneway && tags.oneway === 'reversible') return true;
  if (av.impassable && (tags.impassable === 'yes' || tags.status === 'impassable')) return true;
  const service = tags.service;
  if (service !== undefined && c.forbiddenService.has(service)) return true;
  return false;
}

/** Whether the vehicle's size or weight is over a physical or legal limit of the way. */
function tooBig(c: CompiledProfile, tags: OsmTags): [boolean, boolean] {
  const v = c.profile.vehicle;
  const [hf, hb] = directional(tags, ['maxheight:physical', 'maxheight']);
  const [wf, wb] = directional(tags, ['maxwidth:physical', 'maxwidth', 'width', 'est_width']);
  const [lf, lb] = directional(tags, ['maxlength']);
  const [tf, tb] = directional(tags, ['maxweight']);
  const narrow = tags.narrow === 'yes';
  const over = (h?: string, w?: string, l?: string, t?: string) =>
    parseMetres(h) < v.heightM ||
    (narrow && v.widthM > 2.2) ||
    (w === 'narrow' && v.widthM > 2.2) ||
    parseMetres(w) <= v.widthM ||
    parseMetres(l) < v.lengthM ||
    parseTonnes(t) < v.weightT;
  return [over(hf, wf, lf, tf), over(hb, wb, lb, tb)];
}

/** The car's rule for a way, or null when a car can use it in neither direction. */
export function wayRule(c: CompiledProfile, tags: OsmTags): WayRule | null {
  const p = c.profile;
  const highway = tags.highway;
  const route = tags.route;
  if (!highway && !route) return null;
  if (blocked(c, tags, highway)) return null;

  let fwdOk = true;
  let bwdOk = true;
  const [big1, big2] = tooBig(c, tags);
  if (big1) fwdOk = false;
  if (big2) bwdOk = false;

  // Access: the most specific key present decides, per direction.
  const [accF, accB] = directional(tags, p.access.keys);
  const restrictable = highway !== undefined && c.destinationOnlyHighways.has(highway);
  const destF = restrictable && accF !== undefined && c.destinationOnly.has(accF);
  const destB = restrictable && accB !== undefined && c.destinationOnly.has(accB);
  if (accF !== undefined && c.denied.has(accF) && !destF) fwdOk = false;
  if (accB !== undefined && c.denied.has(accB) && !destB) bwdOk = false;
  if (!fwdOk && !bwdOk) return null;

  // One-way: explicit tags first, then roads that are one-way by definition.
  let oneway: string | undefined;
  for (const k of p.oneway.keys) {
    oneway = tags[k];
    if (oneway !== undefined) break;
  }
  if (oneway !== undefined && c.onewayReverse.has(oneway)) fwdOk = false;
  else if (oneway !== undefined && c.onewayForward.has(oneway)) bwdOk = false;
  else if (oneway !== 'no' && ((highway !== undefined && c.impliedHighways.has(highway)) || (tags.junction !== undefined && c.impliedJunctions.has(tags.junction)))) bwdOk = false;

  // Speed: ferries and movable bridges have their own; else by highway type or by access.
  let speedF = -1;
  let speedB = -1;
  let durationS: number | undefined;
  let ferry = false;
  const routeSpeed = route !== undefined ? p.routeSpeeds[route] : undefined;
  if (routeSpeed) {
    ferry = true;
    speedF = speedB = routeSpeed;
    const d = parseDurationTag(tags.duration);
    if (Number.isFinite(d)) durationS = Math.max(1, d);
  } else if (tags.bridge === 'movable' && tags['capacity:car'] !== '0') {
    speedF = speedB = p.movableBridgeSpeed;
    const d = parseDurationTag(tags.duration);
    if (Number.isFinite(d)) durationS = Math.max(1, d);
  } else if (highway !== undefined && p.highwaySpeeds[highway] !== undefined) {
    speedF = speedB = p.highwaySpeeds[highway];
  } else {
    if (accF !== undefined && (c.allowed.has(accF) || !c.denied.has(accF))) speedF = p.defaultSpeed;
    else if (accF === undefined && accB !== undefined) fwdOk = false;
    if (accB !== undefined && (c.allowed.has(accB) || !c.denied.has(accB))) speedB = p.defaultSpeed;
    else if (accB === undefined && accF !== undefined) bwdOk = false;
  }
  if (speedF < 0 && speedB < 0 && durationS === undefined) return null;

  if (!ferry) {
    for (const [key, table] of [
      ['surface', p.surfaceSpeeds],
      ['tracktype', p.tracktypeSpeeds],
      ['smoothness', p.smoothnessSpeeds],
    ] as const) {
      const limit = tags[key] !== undefined ? table[tags[key]] : undefined;
      if (limit !== undefined) {
        speedF = Math.min(speedF, limit);
        speedB = Math.min(speedB, limit);
      }
    }
    const [mf, mb] = directional(tags, p.maxspeed.keys);
    const maxF = parseMaxspeed(p, mf);
    const maxB = parseMaxspeed(p, mb);
    if (maxF > 0) speedF = maxF * p.maxspeed.speedReduction;
    if (maxB > 0) speedB = maxB * p.maxspeed.speedReduction;
  }
  if (!(speedF > 0)) fwdOk = false;
  if (!(speedB > 0)) bwdOk = false;
  if (!fwdOk && !bwdOk) return null;

  // Route-choice multipliers (the weight), never the duration.
  const rc = p.routeChoice;
  let choice = 1;
  if (tags.service !== undefined && rc.servicePenalties[tags.service] !== undefined) choice = Math.min(choice, rc.servicePenalties[tags.service]);
  const width = leadingNumber(tags.width ?? '');
  const lanes = leadingNumber(tags.lanes ?? '');
  if (width <= rc.narrowWidthM || (lanes <= 1 && fwdOk && bwdOk)) choice = Math.min(choice, rc.narrowPenalty);
  if (oneway === 'alternating') choice = Math.min(choice, rc.alternatingOnewayPenalty);
  if (tags.side_road === 'yes' || tags.side_road === 'rotary') choice = Math.min(choice, rc.sideRoadPenalty);

  const hov = tags.hov === 'designated';
  const dir = (ok: boolean, speed: number, dest: boolean): DirectionRule | null => (ok ? { speedKmh: speed, choice, destinationOnly: dest || hov } : null);
  const startpoint = !ferry && !(highway === 'service' && accF !== undefined && c.noStartOnService.has(accF));
  return {
    highway: ferry ? route! : highway ?? 'road',
    name: tags.name ?? tags.ref ?? '',
    forward: dir(fwdOk, speedF, destF),
    backward: dir(bwdOk, speedB, destB),
    roundabout: tags.junction === 'roundabout',
    startpoint,
    durationS,
  };
}

/** Barriers block a car (it may only turn back there); traffic signals cost time. */
export function nodeRule(c: CompiledProfile, tags: OsmTags): NodeRule {
  let access: string | undefined;
  for (const k of c.profile.access.keys) {
    access = tags[k];
    if (access !== undefined) break;
  }
  let barrier = false;
  if (access !== undefined) barrier = c.denied.has(access) && !c.destinationOnly.has(access);
  else if (tags.barrier !== undefined) {
    const rising = c.profile.barriers.risingBollardPassable && tags.bollard === 'rising';
    let passable = c.passableBarriers.has(tags.barrier) || rising;
    if (tags.barrier === 'height_restrictor' && parseMetres(tags.maxheight) < c.profile.vehicle.heightM) passable = false;
    barrier = !passable;
  }
  return { barrier, trafficSignal: tags.highway === 'traffic_signals' };
}
