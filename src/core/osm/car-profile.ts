/**
 * The car profile as data (car-profile.json), with a loader that checks every field so a
 * hand-edited profile fails with the field's name instead of routing nonsense.
 */
import { FormatError } from '../errors';
import stock from './car-profile.json';

export interface CarProfile {
  name: string;
  about?: string;
  /** km/h by highway=* value; a highway missing here is only drivable with an explicit access tag. */
  highwaySpeeds: Record<string, number>;
  /** km/h for route=ferry / shuttle_train ways (a `duration` tag wins). */
  routeSpeeds: Record<string, number>;
  movableBridgeSpeed: number;
  /** km/h for drivable ways whose highway value has no speed (e.g. track with motor_vehicle=yes). */
  defaultSpeed: number;
  maxspeed: {
    keys: string[];
    /** Share of a tagged maxspeed actually driven (OSRM: 0.8). */
    speedReduction: number;
    mphToKmh: number;
    /** Country zones ("de:rural", lower case) in km/h; 0 means "no limit known" (ignored). */
    byZone: Record<string, number>;
    /** Fallback by the part after the colon ("xx:urban"). */
    byZoneType: Record<string, number>;
  };
  surfaceSpeeds: Record<string, number>;
  tracktypeSpeeds: Record<string, number>;
  smoothnessSpeeds: Record<string, number>;
  access: {
    /** Most specific first: the first key present decides. */
    keys: string[];
    allowed: string[];
    denied: string[];
    /** Denied values that still allow driving to and from the road (not through it). */
    destinationOnly: string[];
    destinationOnlyHighways: string[];
    /** Route-choice cost (s) of entering a destination-only road from a public one. */
    destinationOnlyEntryWeight: number;
    /** On highway=service, these access values also forbid starting or ending there. */
    noStartOnServiceWith: string[];
    forbiddenService: string[];
  };
  avoid: {
    highways: string[];
    areaYes: boolean;
    reversibleOneway: boolean;
    impassable: boolean;
    constructionAllowed: string[];
    proposed: boolean;
  };
  vehicle: { heightM: number; widthM: number; lengthM: number; weightT: number };
  oneway: {
    keys: string[];
    forward: string[];
    reverse: string[];
    impliedHighways: string[];
    impliedJunctions: string[];
  };
  /** Multipliers (≤ 1) on speed for choosing the route; durations keep the plain speed. */
  routeChoice: {
    servicePenalties: Record<string, number>;
    narrowWidthM: number;
    narrowPenalty: number;
    alternatingOnewayPenalty: number;
    sideRoadPenalty: number;
  };
  barriers: { passable: string[]; risingBollardPassable: boolean };
  turns: {
    /** Largest angle-dependent turn cost (s), at a junction of three or more roads. */
    penalty: number;
    /** > 1 makes right turns cheaper than left (right-hand traffic). */
    bias: number;
    uTurnPenalty: number;
    trafficSignalPenalty: number;
    /** Where a car may turn back: only at dead ends and barriers, or at every junction. */
    uTurns: 'dead-ends' | 'everywhere';
    /** except=* values that exempt a car from a turn restriction. */
    restrictionExceptions: string[];
  };
}

type Path = string;

function fail(file: string, field: Path, expected: string, found: unknown): never {
  throw new FormatError({ file, field, expected, found: JSON.stringify(found) ?? String(found) });
}

function object(file: string, field: Path, v: unknown): Record<string, unknown> {
  if (typeof v !== 'object' || v === null || Array.isArray(v)) fail(file, field, 'an object', v);
  return v as Record<string, unknown>;
}

function num(file: string, field: Path, v: unknown, min = 0, max = Infinity): number {
  if (typeof v !== 'number' || !Number.isFinite(v) || v < min || v > max) fail(file, field, `a number in [${min}, ${max}]`, v);
  return v;
}

function strings(file: string, field: Path, v: unknown): string[] {
  if (!Array.isArray(v) || v.some((s) => typeof s !== 'string')) fail(file, field, 'a list of strings', v);
  return v as string[];
}

function table(file: string, field: Path, v: unknown, min = 0, max = 300): Record<string, number> {
  const o = object(file, field, v);
  for (const [k, x] of Object.entries(o)) num(file, `${field}.${k}`, x, min, max);
  return o as Record<string, number>;
}

/** Checks a parsed JSON value against the profile's shape; the file name is used in errors. */
export function validateCarProfile(file: string, value: unknown): CarProfile {
  const p = object(file, '(profile)', value);
  const sub = (key: string) => object(file, key, p[key]);
  if (typeof p.name !== 'string') fail(file, 'name', 'a string', p.name);
  table(file, 'highwaySpeeds', p.highwaySpeeds, 1);
  table(file, 'routeSpeeds', p.routeSpeeds, 1);
  num(file, 'movableBridgeSpeed', p.movableBridgeSpeed, 1, 300);
  num(file, 'defaultSpeed', p.defaultSpeed, 1, 300);
  const ms = sub('maxspeed');
  strings(file, 'maxspeed.keys', ms.keys);
  num(file, 'maxspeed.speedReduction', ms.speedReduction, 0.1, 1.5);
  num(file, 'maxspeed.mphToKmh', ms.mphToKmh, 1, 2);
  table(file, 'maxspeed.byZone', ms.byZone);
  table(file, 'maxspeed.byZoneType', ms.byZoneType);
  table(file, 'surfaceSpeeds', p.surfaceSpeeds);
  table(file, 'tracktypeSpeeds', p.tracktypeSpeeds);
  table(file, 'smoothnessSpeeds', p.smoothnessSpeeds);
  const ac = sub('access');
  for (const k of ['keys', 'allowed', 'denied', 'destinationOnly', 'destinationOnlyHighways', 'noStartOnServiceWith', 'forbiddenService']) {
    strings(file, `access.${k}`, ac[k]);
  }
  num(file, 'access.destinationOnlyEntryWeight', ac.destinationOnlyEntryWeight, 0, 1e6);
  const av = sub('avoid');
  strings(file, 'avoid.highways', av.highways);
  strings(file, 'avoid.constructionAllowed', av.constructionAllowed);
  for (const k of ['areaYes', 'reversibleOneway', 'impassable', 'proposed']) {
    if (typeof av[k] !== 'boolean') fail(file, `avoid.${k}`, 'true or false', av[k]);
  }
  const ve = sub('vehicle');
  for (const k of ['heightM', 'widthM', 'lengthM', 'weightT']) num(file, `vehicle.${k}`, ve[k], 0, 100);
  const ow = sub('oneway');
  for (const k of ['keys', 'forward', 'reverse', 'impliedHighways', 'impliedJunctions']) strings(file, `oneway.${k}`, ow[k]);
  const rc = sub('routeChoice');
  table(file, 'routeChoice.servicePenalties', rc.servicePenalties, 0.01, 1);
  num(file, 'routeChoice.narrowWidthM', rc.narrowWidthM, 0, 100);
  for (const k of ['narrowPenalty', 'alternatingOnewayPenalty', 'sideRoadPenalty']) num(file, `routeChoice.${k}`, rc[k], 0.01, 1);
  const ba = sub('barriers');
  strings(file, 'barriers.passable', ba.passable);
  if (typeof ba.risingBollardPassable !== 'boolean') fail(file, 'barriers.risingBollardPassable', 'true or false', ba.risingBollardPassable);
  const tu = sub('turns');
  for (const k of ['penalty', 'uTurnPenalty', 'trafficSignalPenalty']) num(file, `turns.${k}`, tu[k], 0, 3600);
  num(file, 'turns.bias', tu.bias, 0.1, 10);
  if (tu.uTurns !== 'dead-ends' && tu.uTurns !== 'everywhere') fail(file, 'turns.uTurns', '"dead-ends" or "everywhere"', tu.uTurns);
  strings(file, 'turns.restrictionExceptions', tu.restrictionExceptions);
  return p as unknown as CarProfile;
}

/** The stock profile (a fresh copy: callers may change it). */
export function stockCarProfile(): CarProfile {
  return validateCarProfile('car-profile.json', structuredClone(stock));
}

/** Parses a user's profile JSON text. */
export function parseCarProfile(file: string, text: string): CarProfile {
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (err) {
    throw new FormatError({ file, field: '(json)', expected: 'a JSON car profile', found: err instanceof Error ? err.message : String(err) });
  }
  return validateCarProfile(file, value);
}
