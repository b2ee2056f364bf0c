import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { evaluate } from '../../src/core/evaluate';
import { parseProblemFile } from '../../src/core/formats/index';
import type { Instance } from '../../src/core/instance';
import { BENCH, listFiles, loadInstance } from './bench-files';

const dir = join(BENCH, 'tsplib-atsp');

function parseText(file: string, text: string): Instance {
  const r = parseProblemFile(file, new TextEncoder().encode(text));
  if (!r.ok) throw new Error(r.error.message);
  return r.value.instance(0);
}

function tour(inst: Instance, stops: number[]): number {
  const ev = evaluate(inst, { routes: [{ vehicle: 0, stops }], unassigned: [] });
  expect(ev.feasible).toBe(true);
  return ev.cost;
}

describe('TSPLIB ATSP files', () => {
  const files = listFiles(dir, '.atsp');

  it('ships all 19 instances', () => {
    expect(files.length).toBe(19);
  });

  it.each(files)('%s has DIMENSION nodes and a zero diagonal', (file) => {
    const text = readFileSync(join(dir, file), 'utf8');
    const dimension = Number(/^\s*DIMENSION\s*:\s*(\d+)/m.exec(text)![1]);
    const inst = loadInstance(join(dir, file));
    expect(inst.kind).toBe('atsp');
    expect(inst.n).toBe(dimension);
    expect(inst.depot).toBe(-1);
    expect(inst.distance.length).toBe(dimension * dimension);
    for (let i = 0; i < inst.n; i++) expect(inst.distance[i * inst.n + i]).toBe(0);
    expect(inst.labels[0]).toBe('1');
    expect(inst.meta.format).toBe('tsplib');
  });

  it('knows the dimensions that trip people up', () => {
    const known: Record<string, number> = { br17: 17, ftv33: 34, ftv170: 171, rbg443: 443, kro124p: 100 };
    for (const [name, n] of Object.entries(known)) {
      const inst = loadInstance(join(dir, `${name}.atsp`));
      expect(inst.n).toBe(n);
      expect(inst.name).toBe(name);
    }
  });

  it('scores the identity tour of ftv33 like an independent reading of the raw tokens', () => {
    const text = readFileSync(join(dir, 'ftv33.atsp'), 'utf8');
    const body = text.slice(text.indexOf('EDGE_WEIGHT_SECTION') + 'EDGE_WEIGHT_SECTION'.length, text.lastIndexOf('EOF'));
    const w = body.trim().split(/\s+/).map(Number);
    const n = 34;
    expect(w.length).toBe(n * n);
    let expected = 0;
    for (let i = 0; i < n; i++) expected += w[i * n + ((i + 1) % n)];
    const inst = loadInstance(join(dir, 'ftv33.atsp'));
    expect(tour(inst, Array.from({ length: n }, (_, i) => i))).toBe(expected);
    // and the matrix is asymmetric: reversing the tour changes its length
    const reversed = Array.from({ length: n }, (_, i) => (n - i) % n);
    let back = 0;
    for (let i = 0; i < n; i++) back += w[reversed[i] * n + reversed[(i + 1) % n]];
    expect(tour(inst, reversed)).toBe(back);
    expect(back).not.toBe(expected);
  });
});

describe('a hand-made ATSP', () => {
  // Rows: [-, 3, 8, 5], [1, -, 2, 7], [6, 4, -, 9], [2, 3, 5, -]; values wrap lines on purpose.
  const text = [
    'NAME:tiny4',
    'TYPE: ATSP',
    'COMMENT : hand-made',
    'DIMENSION:\t4  ',
    'EDGE_WEIGHT_TYPE : EXPLICIT',
    'EDGE_WEIGHT_FORMAT: FULL_MATRIX ',
    'EDGE_WEIGHT_SECTION',
    ' 9999 3 8',
    ' 5',
    '',
    '1 9999 2 7 6 4 9999',
    '\t9 2 3 5 9999',
    'EOF',
    '',
  ].join('\r\n');

  it('reads wrapped weights and scores tours by hand', () => {
    const inst = parseText('tiny4.atsp', text);
    expect(inst.n).toBe(4);
    expect(Array.from(inst.distance)).toEqual([0, 3, 8, 5, 1, 0, 2, 7, 6, 4, 0, 9, 2, 3, 5, 0]);
    expect(tour(inst, [0, 1, 2, 3])).toBe(3 + 2 + 9 + 2);
    expect(tour(inst, [0, 2, 1, 3])).toBe(8 + 4 + 7 + 2);
    expect(tour(inst, [2, 1, 3, 0])).toBe(4 + 7 + 2 + 8);
  });

  it('is read as a CVRP with depot 1 when asked', () => {
    const r = parseProblemFile('tiny4.atsp', new TextEncoder().encode(text), { problem: 'acvrp' });
    if (!r.ok) throw new Error(r.error.message);
    const inst = r.value.instance(0);
    expect(inst.kind).toBe('acvrp');
    expect(inst.depot).toBe(0);
    const ev = evaluate(inst, { routes: [{ vehicle: 0, stops: [1, 2] }, { vehicle: 0, stops: [3] }], unassigned: [] });
    expect(ev.cost).toBe(3 + 2 + 6 + (5 + 2));
  });
});

describe('EXPLICIT edge weight formats', () => {
  // Symmetric 4-node matrix; each format lists its own triangle of it, by hand.
  const full = [0, 1, 2, 3, 1, 0, 4, 5, 2, 4, 0, 6, 3, 5, 6, 0];
  const layouts: Record<string, string> = {
    FULL_MATRIX: '0 1 2 3\n1 0 4 5\n2 4 0 6\n3 5 6 0',
    UPPER_ROW: '1 2 3\n4 5\n6',
    LOWER_ROW: '1\n2 4\n3 5 6',
    UPPER_DIAG_ROW: '0 1 2 3\n0 4 5\n0 6\n0',
    LOWER_DIAG_ROW: '0\n1 0\n2 4 0\n3 5 6 0',
    UPPER_COL: '1\n2 4\n3 5 6',
    LOWER_COL: '1 2 3\n4 5\n6',
    UPPER_DIAG_COL: '0\n1 0\n2 4 0\n3 5 6 0',
    LOWER_DIAG_COL: '0 1 2 3\n0 4 5\n0 6\n0',
  };
  const file = (format: string, weights: string) =>
    `NAME : sym4\nTYPE : TSP\nDIMENSION : 4\nEDGE_WEIGHT_TYPE : EXPLICIT\nEDGE_WEIGHT_FORMAT : ${format}\nEDGE_WEIGHT_SECTION\n${weights}\nEOF\n`;

  it.each(Object.keys(layouts))('%s gives the same matrix as FULL_MATRIX', (format) => {
    const inst = parseText('sym4.tsp', file(format, layouts[format]));
    expect(inst.kind).toBe('atsp');
    expect(Array.from(inst.distance)).toEqual(full);
  });

  it('accepts the stream on one line and zeroes a diagonal sentinel', () => {
    const inst = parseText('sym4.tsp', file('UPPER_DIAG_ROW', '9999 1 2 3 9999 4 5 9999 6 9999'));
    expect(Array.from(inst.distance)).toEqual(full);
  });

  it('rejects a triangle with the wrong count, naming the format and line', () => {
    const r = parseProblemFile('sym4.tsp', new TextEncoder().encode(file('LOWER_DIAG_ROW', '0\n1 0\n2 4 0\n3 5 6')));
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.message).toContain('10 values in EDGE_WEIGHT_SECTION (LOWER_DIAG_ROW, DIMENSION 4)');
    expect(r.error.line).toBe(11);
  });
});
