/** The car profile table and the tag rules read from it. */
import { describe, expect, it } from 'vitest';
import { compileProfile, nodeRule, parseCarProfile, parseMaxspeed, stockCarProfile, wayRule } from '../../src/core/osm';
import { FormatError } from '../../src/core/errors';

const profile = stockCarProfile();
const c = compileProfile(profile);
const rule = (tags: Record<string, string>) => wayRule(c, tags);

describe('car profile', () => {
  it('loads the stock table and refuses a broken one, naming the field', () => {
    expect(profile.highwaySpeeds.residential).toBe(25);
    const broken = JSON.stringify({ ...profile, highwaySpeeds: { ...profile.highwaySpeeds, primary: 'fast' } });
    expect(() => parseCarProfile('my-profile.json', broken)).toThrow(FormatError);
    expect(() => parseCarProfile('my-profile.json', broken)).toThrow(/my-profile\.json, field highwaySpeeds\.primary/);
    expect(() => parseCarProfile('p.json', '{')).toThrow(/p\.json/);
  });

  it('parses maxspeed values: numbers, mph, country zones, none', () => {
    expect(parseMaxspeed(profile, '50')).toBe(50);
    expect(parseMaxspeed(profile, '30 mph')).toBeCloseTo(48.27, 2);
    expect(parseMaxspeed(profile, 'DE:urban')).toBe(50);
    expect(parseMaxspeed(profile, 'DE:rural')).toBe(100);
    expect(parseMaxspeed(profile, 'RU:urban')).toBe(60);
    expect(parseMaxspeed(profile, 'FR:rural')).toBe(80);
    expect(parseMaxspeed(profile, 'none')).toBe(140);
    expect(parseMaxspeed(profile, '50;30')).toBe(50);
    expect(parseMaxspeed(profile, 'signals')).toBe(0);
    expect(parseMaxspeed(profile, undefined)).toBe(0);
  });

  it('drives a tagged maxspeed at 80 % and the highway speed otherwise', () => {
    expect(rule({ highway: 'residential' })!.forward!.speedKmh).toBe(25);
    expect(rule({ highway: 'residential', maxspeed: '50' })!.forward!.speedKmh).toBe(40);
    expect(rule({ highway: 'primary', maxspeed: 'DE:urban' })!.forward!.speedKmh).toBe(40);
    expect(rule({ highway: 'primary', 'maxspeed:forward': '70', maxspeed: '50' })!.forward!.speedKmh).toBe(56);
    expect(rule({ highway: 'primary', 'maxspeed:forward': '70', maxspeed: '50' })!.backward!.speedKmh).toBe(40);
    expect(rule({ highway: 'residential', surface: 'cobblestone' })!.forward!.speedKmh).toBe(25);
    expect(rule({ highway: 'primary', surface: 'cobblestone' })!.forward!.speedKmh).toBe(30);
  });

  it('reads one-way tags, implied one-ways and their exceptions', () => {
    const dirs = (tags: Record<string, string>) => {
      const r = rule(tags)!;
      return [r.forward !== null, r.backward !== null];
    };
    expect(dirs({ highway: 'residential' })).toEqual([true, true]);
    expect(dirs({ highway: 'residential', oneway: 'yes' })).toEqual([true, false]);
    expect(dirs({ highway: 'residential', oneway: '1' })).toEqual([true, false]);
    expect(dirs({ highway: 'residential', oneway: 'true' })).toEqual([true, false]);
    expect(dirs({ highway: 'residential', oneway: '-1' })).toEqual([false, true]);
    expect(dirs({ highway: 'primary', junction: 'roundabout' })).toEqual([true, false]);
    expect(dirs({ highway: 'primary', junction: 'circular' })).toEqual([true, false]);
    expect(dirs({ highway: 'primary', junction: 'roundabout', oneway: 'no' })).toEqual([true, true]);
    expect(dirs({ highway: 'motorway' })).toEqual([true, false]);
    expect(dirs({ highway: 'residential', oneway: 'yes', 'oneway:motorcar': 'no' })).toEqual([true, true]);
    expect(rule({ highway: 'residential', oneway: 'reversible' })).toBeNull();
  });

  it('excludes no-access ways and makes private ones destination-only', () => {
    expect(rule({ highway: 'residential', access: 'no' })).toBeNull();
    expect(rule({ highway: 'residential', motor_vehicle: 'no' })).toBeNull();
    expect(rule({ highway: 'residential', access: 'no', motorcar: 'yes' })).not.toBeNull();
    expect(rule({ highway: 'footway' })).toBeNull();
    expect(rule({ highway: 'track', motor_vehicle: 'yes' })!.forward!.speedKmh).toBe(10);
    const priv = rule({ highway: 'residential', access: 'private' })!;
    expect(priv.forward!.destinationOnly).toBe(true);
    expect(priv.startpoint).toBe(true);
    expect(rule({ highway: 'service', access: 'private' })!.startpoint).toBe(false);
    expect(rule({ highway: 'service', service: 'emergency_access' })).toBeNull();
    expect(rule({ highway: 'residential', maxheight: '2.1' })).toBeNull();
  });

  it('penalises service roads in the route choice, not in the duration', () => {
    const aisle = rule({ highway: 'service', service: 'parking_aisle' })!;
    expect(aisle.forward!.speedKmh).toBe(15);
    expect(aisle.forward!.choice).toBe(0.5);
    expect(rule({ highway: 'service' })!.forward!.choice).toBe(1);
  });

  it('marks barriers and traffic signals', () => {
    expect(nodeRule(c, { barrier: 'bollard' }).barrier).toBe(true);
    expect(nodeRule(c, { barrier: 'gate' }).barrier).toBe(false);
    expect(nodeRule(c, { barrier: 'bollard', bollard: 'rising' }).barrier).toBe(false);
    expect(nodeRule(c, { highway: 'traffic_signals' }).trafficSignal).toBe(true);
  });
});
