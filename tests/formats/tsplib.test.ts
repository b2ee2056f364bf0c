import { describe, expect, it } from 'vitest';
import { parseProblemFile, type ParseOptions } from '../../src/core/formats/index';
import type { Instance } from '../../src/core/instance';

function parse(file: string, text: string, opts: ParseOptions = {}): Instance {
  const r = parseProblemFile(file, new TextEncoder().encode(text), opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

function twoNodes(type: string, a: string, b: string): string {
  return `NAME: pair\nTYPE: TSP\nDIMENSION: 2\nEDGE_WEIGHT_TYPE: ${type}\nNODE_COORD_SECTION\n1 ${a}\n2 ${b}\nEOF\n`;
}

const arc = (inst: Instance) => inst.distance[1];

describe('TSPLIB coordinate metrics', () => {
  it('EUC_2D rounds to the nearest integer, halves up, unless asked for exact arcs', () => {
    expect(arc(parse('p.tsp', twoNodes('EUC_2D', '0 0', '1 1')))).toBe(1);
    expect(arc(parse('p.tsp', twoNodes('EUC_2D', '0 0', '3 4.5')))).toBe(5);
    expect(arc(parse('p.tsp', twoNodes('EUC_2D', '0 0', '0.5 0')))).toBe(1);
    expect(arc(parse('p.tsp', twoNodes('EUC_2D', '0 0', '1 1'), { rounding: 'none' }))).toBeCloseTo(Math.SQRT2, 12);
    expect(parse('p.tsp', twoNodes('EUC_2D', '0 0', '1 1'), { rounding: 'none' }).meta.rounding).toBe('none');
  });

  it('CEIL_2D, ATT, MAN_2D and MAX_2D follow the TSPLIB definitions', () => {
    expect(arc(parse('p.tsp', twoNodes('CEIL_2D', '0 0', '3 4.1')))).toBe(6); // 5.08 up
    expect(arc(parse('p.tsp', twoNodes('CEIL_2D', '0 0', '3 4')))).toBe(5);
    expect(arc(parse('p.tsp', twoNodes('ATT', '0 0', '10 0')))).toBe(4); // sqrt(10) = 3.16: nint 3 < r, so 4
    expect(arc(parse('p.tsp', twoNodes('ATT', '0 0', '0 20')))).toBe(7); // sqrt(40) = 6.32
    expect(arc(parse('p.tsp', twoNodes('MAN_2D', '0 0', '3 4.4')))).toBe(7);
    expect(arc(parse('p.tsp', twoNodes('MAX_2D', '0 0', '3 4.6')))).toBe(5);
  });

  it('GEO reads DDD.MM, uses TSPLIB constants and stores [lon, lat] degrees', () => {
    const inst = parse('p.tsp', twoNodes('GEO', '0.00 0.00', '10.30 1.00'));
    expect(inst.coordSystem).toBe('lonlat');
    const [lon0, lat0, lon1, lat1] = Array.from(inst.coords!);
    expect([lon0, lat0, lon1]).toEqual([0, 0, 1]);
    expect(lat1).toBeCloseTo(10.5, 12);
    const equator = parse('p.tsp', twoNodes('GEO', '0 0', '0 1.00'));
    expect(arc(equator)).toBe(112); // trunc(6378.388 · 3.141592/180 + 1)
  });

  it('is symmetric with a zero diagonal and 1-based labels', () => {
    const inst = parse('p.tsp', twoNodes('EUC_2D', '0 0', '30 40'));
    expect(Array.from(inst.distance)).toEqual([0, 50, 50, 0]);
    expect(inst.labels).toEqual(['1', '2']);
    expect(inst.coordSystem).toBe('planar');
  });
});

describe('TSPLIB CVRP details', () => {
  const cvrp = [
    'NAME :\tsmall\t',
    'COMMENT : (test, Optimal value: 42)',
    'TYPE : CVRP',
    'DIMENSION: 4',
    'EDGE_WEIGHT_TYPE\t:\tEUC_2D',
    'CAPACITY : 7   ',
    'VEHICLES : 2',
    'NODE_COORD_SECTION',
    '3 0 0',
    '1 3 4',
    '2 6 8',
    '4 0 10',
    'DEMAND_SECTION :',
    '1 2',
    '2 3',
    '3 0',
    '4 5',
    'DEPOT_SECTION',
    ' 3 -1',
    'EOF',
    'anything after EOF is ignored',
  ].join('\n');

  it('reads rows in any id order and a depot that is not node 1', () => {
    const inst = parse('small.vrp', cvrp);
    expect(inst.name).toBe('small');
    expect(inst.kind).toBe('acvrp');
    expect(inst.depot).toBe(2);
    expect(Array.from(inst.demand)).toEqual([2, 3, 0, 5]);
    expect(Array.from(inst.coords!)).toEqual([3, 4, 6, 8, 0, 0, 0, 10]);
    expect(inst.vehicles).toEqual([expect.objectContaining({ capacity: 7, start: 2, end: 2, count: Infinity })]);
    expect(inst.meta.bestKnown).toBe(42);
    expect(inst.meta.sourceFile).toBe('small.vrp');
    expect(inst.meta.warnings?.some((w) => w.includes('VEHICLES'))).toBe(true);
  });

  it('can be read as an ATSP, dropping depot and capacity', () => {
    const inst = parse('small.vrp', cvrp, { problem: 'atsp' });
    expect(inst.kind).toBe('atsp');
    expect(inst.depot).toBe(-1);
    expect(inst.vehicles[0].capacity).toBe(Infinity);
  });

  it('defaults the depot to node 1 when DEPOT_SECTION is absent, with a warning', () => {
    const inst = parse('small.vrp', cvrp.replace('DEPOT_SECTION\n 3 -1\n', ''));
    expect(inst.depot).toBe(0);
    expect(inst.meta.warnings?.some((w) => w.includes('DEPOT_SECTION'))).toBe(true);
  });

  it('locates errors by line', () => {
    const r = parseProblemFile('small.vrp', new TextEncoder().encode(cvrp.replace('2 6 8', '2 6 eight')));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.file).toBe('small.vrp');
    expect(r.error.line).toBe(11);
    expect(r.error.message).toContain('a number in NODE_COORD_SECTION');
  });
});
