import { describe, expect, it } from 'vitest';
import { parseProblemFile, type ParseOptions } from '../../src/core/formats/index';
import { parseStopsCsv } from '../../src/core/formats/stops-csv';
import { CROW_FLY_SPEED_MPS, haversineMetres } from '../../src/core/formats/crow-fly';
import type { Instance } from '../../src/core/instance';

function parse(text: string, opts: ParseOptions = {}, file = 'stops.csv'): Instance {
  const r = parseProblemFile(file, new TextEncoder().encode(text), opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

function error(text: string, file = 'bad.csv') {
  const r = parseProblemFile(file, new TextEncoder().encode(text));
  if (r.ok) throw new Error('expected a parse error');
  return r.error;
}

describe('CSV of stops', () => {
  it('reads lat/lon, ids, demand; the first row is the depot when no type column says otherwise', () => {
    const inst = parse(['id,lat,lon,demand', 'D,43.73,7.42,0', 'a,43.74,7.43,3', 'b,43.735,7.41,2'].join('\n'));
    expect(inst.n).toBe(3);
    expect(inst.kind).toBe('acvrp');
    expect(inst.depot).toBe(0);
    expect(inst.labels).toEqual(['D', 'a', 'b']);
    expect(Array.from(inst.coords!)).toEqual([7.42, 43.73, 7.43, 43.74, 7.41, 43.735]);
    expect(inst.coordSystem).toBe('lonlat');
    expect(Array.from(inst.demand)).toEqual([0, 3, 2]);
    expect(inst.vehicles[0].capacity).toBe(Infinity);
    expect(inst.meta.warnings?.some((w) => w.includes('first row'))).toBe(true);
  });

  it('builds a crow-fly matrix at 30 km/h with every off-diagonal cell flagged and a warning', () => {
    const inst = parse(['name,latitude,longitude', 'D,43.73,7.42', 'a,43.74,7.43'].join('\n'));
    const d = haversineMetres(7.42, 43.73, 7.43, 43.74);
    expect(inst.distance[1]).toBeCloseTo(d, 6);
    expect(inst.duration[1]).toBeCloseTo(d / CROW_FLY_SPEED_MPS, 6);
    expect(CROW_FLY_SPEED_MPS * 3.6).toBeCloseTo(30, 9);
    expect(Array.from(inst.estimated!)).toEqual([0, 1, 1, 0]);
    expect(inst.units).toEqual({ distance: 'm', time: 's' });
    expect(inst.meta.warnings?.some((w) => w.includes('estimates until a city or OSRM matrix is attached'))).toBe(true);
  });

  it('accepts header synonyms in any case, with spaces, dots and underscores', () => {
    const inst = parse(
      ['CUST NO.,LAT,Lng,Quantity,Service_Time,Ready_Time,Due_Time', '0,1,2,0,0,0,1000', '1,1.01,2.01,5,60,100,400'].join('\n'),
    );
    expect(inst.labels).toEqual(['0', '1']);
    expect(Array.from(inst.demand)).toEqual([0, 5]);
    expect(Array.from(inst.service)).toEqual([0, 60]);
    expect(Array.from(inst.ready)).toEqual([0, 100]);
    expect(Array.from(inst.due)).toEqual([1000, 400]);
    expect(inst.kind).toBe('acvrptw');
    expect(inst.vehicles[0].shift).toEqual([0, 1000]);
  });

  it('reads service units from the header and warns when there is none', () => {
    const min = parse(['id,lat,lon,service_min', 'D,1,2,', 'a,1.1,2.1,5'].join('\n'));
    expect(min.service[1]).toBe(300);
    expect(min.meta.warnings?.some((w) => w.includes('no unit'))).toBe(false);
    const paren = parse(['id,lat,lon,Time at stop (min)', 'D,1,2,', 'a,1.1,2.1,2.5'].join('\n'));
    expect(paren.service[1]).toBe(150);
    const secs = parse(['id,lat,lon,service (s)', 'D,1,2,', 'a,1.1,2.1,45'].join('\n'));
    expect(secs.service[1]).toBe(45);
    const bare = parse(['id,lat,lon,duration', 'D,1,2,', 'a,1.1,2.1,45'].join('\n'));
    expect(bare.service[1]).toBe(45);
    expect(bare.meta.warnings?.some((w) => w.includes('read as seconds'))).toBe(true);
  });

  it('reads HH:MM, HH:MM:SS and seconds in time windows', () => {
    const inst = parse(
      ['id,lat,lon,earliest,latest', 'D,1,2,08:00,18:00', 'a,1.1,2.1,09:30,10:15:30', 'b,1.2,2.2,3600,7200', 'c,1.3,2.3,,'].join('\n'),
    );
    expect(Array.from(inst.ready)).toEqual([8 * 3600, 9.5 * 3600, 3600, 0]);
    expect(Array.from(inst.due)).toEqual([18 * 3600, 10 * 3600 + 15 * 60 + 30, 7200, Infinity]);
    expect(inst.vehicles[0].shift).toEqual([8 * 3600, 18 * 3600]);
    expect(inst.meta.warnings?.some((w) => w.includes('seconds from the start of the day'))).toBe(true);
    // Times of day: time 0 is midnight, so the page can show clock times.
    expect(inst.meta.dayStart).toBe(0);
    expect(parse(['id,lat,lon', 'D,1,2', 'a,1.1,2.1'].join('\n')).meta.dayStart).toBeUndefined();
  });

  it('reads one location column as "lat,lon"', () => {
    const inst = parse(['label,location,load', 'D,"43.73,7.42",0', 'a,"43.74, 7.43",4'].join('\n'));
    expect(Array.from(inst.coords!)).toEqual([7.42, 43.73, 7.43, 43.74]);
    expect(inst.demand[1]).toBe(4);
  });

  it('takes the depot from a type column and moves it to node 0', () => {
    const inst = parse(['id,lat,lon,type,capacity', 'a,1.1,2.1,delivery,', 'D,1,2,depot,40', 'b,1.2,2.2,,'].join('\n'));
    expect(inst.labels).toEqual(['D', 'a', 'b']);
    expect(inst.vehicles[0].capacity).toBe(40);
    expect(inst.meta.warnings?.some((w) => w.includes('first row'))).toBe(false);
  });

  it('warns about unknown columns without failing, and honours options', () => {
    const r = parseProblemFile('s.csv', new TextEncoder().encode(['id,lat,lon,colour,notes', 'D,1,2,red,x', 'a,1.1,2.1,blue,y'].join('\n')), {
      capacity: 12,
      problem: 'acvrptw',
    });
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    const inst = r.value.instance(0);
    expect(inst.meta.warnings?.some((w) => w.includes('colour, notes'))).toBe(true);
    expect(inst.vehicles[0].capacity).toBe(12);
    expect(inst.kind).toBe('acvrptw');
  });

  it('reads tab-separated files and keeps line numbers across blank lines', () => {
    const inst = parse(['id\tlat\tlon', 'D\t1\t2', '', 'a\t1.1\t2.1'].join('\n'), {}, 'stops.tsv');
    expect(inst.n).toBe(2);
    const e = error(['id,lat,lon', 'D,1,2', '', 'a,1.1,x'].join('\n'));
    expect(e.line).toBe(4);
    expect(e.field).toBe('lon');
  });

  it('names the line and column of a bad cell', () => {
    const e = error(['id,lat,lon,demand', 'D,1,2,0', 'a,1.1,2.1,lots'].join('\n'));
    expect(e).toMatchObject({ file: 'bad.csv', line: 3, field: 'demand' });
    const lat = error(['id,lat,lon', 'D,123,2', 'a,1.1,2.1'].join('\n'));
    expect(lat).toMatchObject({ line: 2, field: 'lat' });
    expect(lat.message).toContain('±90');
    const tw = error(['id,lat,lon,tw_start', 'D,1,2,', 'a,1.1,2.1,25:99'].join('\n'));
    expect(tw).toMatchObject({ line: 3, field: 'tw_start' });
  });

  it('says which headers it expected when there are no coordinates', () => {
    const e = error(['id,address,demand', 'D,Main St 1,0', 'a,High St 2,3'].join('\n'));
    expect(e).toMatchObject({ line: 1, field: 'header' });
    expect(e.message).toContain('latitude');
    expect(e.message).toContain('location');
  });

  it('can be called directly on text', () => {
    const loaded = parseStopsCsv('x.csv', 'lat,lon\n1,2\n1.5,2.5\n', {});
    expect(loaded.format).toBe('stops-csv');
    expect(loaded.instance(0).labels).toEqual(['1', '2']);
  });
});
