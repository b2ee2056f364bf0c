import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parseProblemFile, type ParseOptions } from '../../src/core/formats/index';
import type { Instance } from '../../src/core/instance';
import { BENCH } from './bench-files';

function parse(file: string, text: string, opts: ParseOptions = {}): Instance {
  const r = parseProblemFile(file, new TextEncoder().encode(text), opts);
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

// LF line endings, no blank lines, tabs: the layout is what matters, not the whitespace.
const tiny = [
  'TINY1',
  'VEHICLE',
  'NUMBER\tCAPACITY',
  '3 50',
  'CUSTOMER',
  'CUST NO. XCOORD. YCOORD. DEMAND READY TIME DUE DATE SERVICE TIME',
  '0 0 0 0 0 100 0',
  '1 1 1 10 5 20 3',
  '2 3 4 5 0 50 2',
].join('\n');

describe('Solomon .txt', () => {
  it('reads the columns into demand, windows and service, row 0 the depot', () => {
    const inst = parse('tiny.txt', tiny);
    expect(inst.name).toBe('TINY1');
    expect(inst.kind).toBe('acvrptw');
    expect(inst.n).toBe(3);
    expect(inst.depot).toBe(0);
    expect(inst.labels).toEqual(['0', '1', '2']);
    expect(Array.from(inst.demand)).toEqual([0, 10, 5]);
    expect(Array.from(inst.ready)).toEqual([0, 5, 0]);
    expect(Array.from(inst.due)).toEqual([100, 20, 50]);
    expect(Array.from(inst.service)).toEqual([0, 3, 2]);
    expect(inst.vehicles).toEqual([{ id: 'vehicle', capacity: 50, start: 0, end: 0, shift: [0, 100], count: 3, trips: 1, speed: 1 }]);
    expect(inst.duration).toBe(inst.distance);
    expect(inst.meta).toMatchObject({ format: 'solomon', rounding: 'trunc1', sourceFile: 'tiny.txt' });
  });

  it('truncates each arc to one decimal by default, exact tenths staying exact', () => {
    const inst = parse('tiny.txt', tiny);
    expect(inst.distance[1]).toBe(1.4); // sqrt(2) = 1.414
    expect(inst.distance[2]).toBe(5); // 3-4-5 triangle
    expect(inst.distance[1 * 3 + 2]).toBe(3.6); // sqrt(13) = 3.605
    expect(parse('tiny.txt', tiny, { rounding: 'none' }).distance[1]).toBeCloseTo(Math.SQRT2, 12);
    expect(parse('tiny.txt', tiny, { rounding: 'nint' }).distance[1 * 3 + 2]).toBe(4);
  });

  it('keeps a tenth that decimal coordinates reach only up to float noise', () => {
    // 0.3-0.4-0.5: 10·d is 5 up to rounding error in the squares
    const inst = parse('t.txt', tiny.replace('2 3 4 5 0 50 2', '2 0.3 0.4 5 0 50 2'));
    expect(inst.distance[2]).toBe(0.5);
  });

  it('drops a trailing 999 sentinel row but keeps a real customer 999', () => {
    expect(parse('t.txt', `${tiny}\n999\n`).n).toBe(3);
    expect(parse('t.txt', `${tiny}\n  999   0 0 0 0 0 0\n\n`).n).toBe(3);
    const rows = Array.from({ length: 1000 }, (_, i) => `${i + 1} ${i % 50} ${i % 7} 1 0 100 1`).join('\n');
    expect(parse('big.txt', `${tiny.split('\n').slice(0, 7).join('\n')}\n${rows}\n`).n).toBe(1001);
  });

  it('reads a real file with CRLF and blank lines, and honours an acvrp override', () => {
    const text = readFileSync(join(BENCH, 'solomon-vrptw-100', 'RC201.txt'), 'utf8');
    const inst = parse('RC201.txt', text);
    expect(inst.n).toBe(101);
    expect(inst.vehicles[0].count).toBe(25);
    expect(inst.vehicles[0].capacity).toBe(1000);
    expect(parse('RC201.txt', text, { problem: 'acvrp' }).kind).toBe('acvrp');
  });

  it('locates a short row by line', () => {
    const r = parseProblemFile('t.txt', new TextEncoder().encode(tiny.replace('1 1 1 10 5 20 3', '1 1 1 10 5 20')));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.line).toBe(8);
    expect(r.error.message).toContain('7 numbers per customer row');
  });
});
