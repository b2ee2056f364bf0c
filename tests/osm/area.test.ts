/** Sampling areas: boxes in local metres and osmosis .poly polygons. */
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { boxAround, haversineM, insideArea, parsePoly } from '../../src/core/osm';
import { FormatError } from '../../src/core/errors';
import { repoPath } from '../helpers';

describe('sampling areas', () => {
  it('makes a 3 × 3 km box around a centre', () => {
    const box = boxAround([7.424, 43.738], 3);
    const b = box.bounds;
    expect(haversineM(b.west, 43.738, b.east, 43.738)).toBeCloseTo(3000, -1);
    expect(haversineM(7.424, b.south, 7.424, b.north)).toBeCloseTo(3000, -1);
    expect(insideArea(box, 7.424, 43.738)).toBe(true);
    expect(insideArea(box, 7.5, 43.738)).toBe(false);
  });

  it('reads an osmosis polygon file and tests points against it', () => {
    const poly = parsePoly('monaco.poly', readFileSync(repoPath('data', 'osm', 'monaco.poly'), 'utf8'));
    expect(poly.kind).toBe('polygon');
    expect(insideArea(poly, 7.4246, 43.7384)).toBe(true); // Monte-Carlo
    expect(insideArea(poly, 7.40, 43.75)).toBe(false);
    expect(() => parsePoly('bad.poly', 'x\n1\n 7.4 abc\nEND\nEND\n')).toThrow(FormatError);
    expect(() => parsePoly('cut.poly', 'x\n1\n 7.4 43.7\n')).toThrow(/cut\.poly/);
  });
});
