/**
 * Solomon / Gehring–Homberger VRPTW `.txt`: name, VEHICLE block, CUSTOMER table of seven numbers
 * per row, row 0 the depot. Arcs default to the DIMACS convention (Euclidean truncated to one
 * decimal), the one the published `.sol` costs use; travel time equals that rounded distance.
 */
import { makeInstance, type Vehicle } from '../instance';
import { coordMatrix } from './benchmark-weights';
import { checkDimension, fail, int, num, splitLines, type Line } from './text';
import { singleInstance, type LoadedFile, type ParseOptions } from './types';

const COLUMNS = ['CUST NO.', 'XCOORD.', 'YCOORD.', 'DEMAND', 'READY TIME', 'DUE DATE', 'SERVICE TIME'];

interface Table {
  x: number[];
  y: number[];
  demand: number[];
  ready: number[];
  due: number[];
  service: number[];
}

function fileStem(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

/** Non-blank lines in order, each consumed once, with a located error when the file stops early. */
function lineCursor(file: string, lines: Line[]) {
  const filled = lines.filter((l) => l.text.trim() !== '').map((l) => ({ no: l.no, text: l.text.trim() }));
  const lastNo = lines.length ? lines[lines.length - 1].no : 1;
  let i = 0;
  return {
    next(expected: string): Line {
      if (i >= filled.length) fail(file, expected, { line: lastNo, found: 'end of file' });
      return filled[i++];
    },
    peek(): Line | undefined {
      return filled[i];
    },
    rest(): Line[] {
      const out = filled.slice(i);
      i = filled.length;
      return out;
    },
  };
}

function expectLine(file: string, line: Line, pattern: RegExp, expected: string): void {
  if (!pattern.test(line.text)) fail(file, expected, { line: line.no, found: line.text });
}

function readTable(file: string, rows: Line[]): Table {
  const t: Table = { x: [], y: [], demand: [], ready: [], due: [], service: [] };
  rows.forEach((row, k) => {
    const parts = row.text.split(/\s+/);
    const last = k === rows.length - 1;
    // Some Homberger copies end with a 999 sentinel row; 999 is only a real customer when numbering reaches it.
    if (last && parts[0] === '999' && t.x.length !== 999 && (parts.length === 1 || parts.length === 7)) return;
    if (parts.length !== 7) fail(file, `7 numbers per customer row (${COLUMNS.join(', ')})`, { line: row.no, found: row.text });
    const where = { line: row.no };
    const id = int(file, parts[0], where, 'an integer customer number (CUST NO.)');
    if (id !== t.x.length) fail(file, `customer number ${t.x.length} (rows numbered 0, 1, 2, ... in order; 0 is the depot)`, { line: row.no, found: parts[0] });
    const v = parts.slice(1).map((p, c) => num(file, p, where, `a number in column ${COLUMNS[c + 1]}`));
    const [x, y, demand, ready, due, service] = v;
    if (demand < 0) fail(file, 'a non-negative DEMAND', { line: row.no, found: parts[3] });
    if (ready < 0) fail(file, 'a non-negative READY TIME', { line: row.no, found: parts[4] });
    if (due < ready) fail(file, 'a DUE DATE not before the READY TIME', { line: row.no, found: `${parts[5]} < ${parts[4]}` });
    if (service < 0) fail(file, 'a non-negative SERVICE TIME', { line: row.no, found: parts[6] });
    t.x.push(x);
    t.y.push(y);
    t.demand.push(demand);
    t.ready.push(ready);
    t.due.push(due);
    t.service.push(service);
  });
  return t;
}

export function parseSolomon(file: string, text: string, opts: ParseOptions): LoadedFile {
  const cursor = lineCursor(file, splitLines(text));
  const first = cursor.next('an instance name line, then VEHICLE');
  const named = !/^VEHICLE$/i.test(first.text);
  const name = named ? first.text : fileStem(file);
  const vehicleLine = named ? cursor.next('a VEHICLE line after the instance name') : first;
  expectLine(file, vehicleLine, /^VEHICLE$/i, 'a VEHICLE line after the instance name (Solomon layout)');
  expectLine(file, cursor.next('the NUMBER CAPACITY header'), /^NUMBER\s+CAPACITY$/i, 'the NUMBER CAPACITY header under VEHICLE');

  const fleet = cursor.next('the vehicle number and capacity');
  const fp = fleet.text.split(/\s+/);
  if (fp.length !== 2) fail(file, 'two numbers: vehicle NUMBER and CAPACITY', { line: fleet.no, found: fleet.text });
  const count = int(file, fp[0], { line: fleet.no }, 'the vehicle NUMBER as an integer');
  const capacity = num(file, fp[1], { line: fleet.no }, 'the vehicle CAPACITY as a number');
  if (count < 1) fail(file, 'at least one vehicle (NUMBER)', { line: fleet.no, found: fp[0] });
  if (capacity < 0) fail(file, 'a non-negative CAPACITY', { line: fleet.no, found: fp[1] });

  expectLine(file, cursor.next('a CUSTOMER line'), /^CUSTOMER$/i, 'a CUSTOMER line after the vehicle block');
  expectLine(file, cursor.next('the customer column header'), /^CUST\b/i, `the column header (${COLUMNS.join(', ')})`);
  const header = cursor.peek();
  const rows = cursor.rest();
  if (rows.length === 0) fail(file, 'customer rows, starting with the depot (customer 0)', { line: header?.no ?? fleet.no, found: 'end of file' });

  const t = readTable(file, rows);
  const n = checkDimension(file, t.x.length, { line: rows[rows.length - 1].no });
  const coords = new Float64Array(2 * n);
  for (let i = 0; i < n; i++) {
    coords[2 * i] = t.x[i];
    coords[2 * i + 1] = t.y[i];
  }
  const rounding = opts.rounding ?? 'trunc1';
  const distance = coordMatrix(n, coords, 'EUC_2D', rounding);
  const ready = Float64Array.from(t.ready);
  const due = Float64Array.from(t.due);
  const vehicle: Vehicle = { id: 'vehicle', capacity, start: 0, end: 0, shift: [ready[0], due[0]], count, trips: 1, speed: 1 };
  const warnings: string[] = [];
  if (opts.problem && opts.problem !== 'acvrp' && opts.problem !== 'acvrptw') warnings.push(`a Solomon file cannot be read as ${opts.problem}; read as acvrptw`);

  const inst = makeInstance({
    name,
    kind: opts.problem === 'acvrp' ? 'acvrp' : 'acvrptw',
    n,
    distance,
    duration: distance,
    labels: Array.from({ length: n }, (_, i) => String(i)),
    coords,
    coordSystem: 'planar',
    depot: 0,
    demand: Float64Array.from(t.demand),
    service: Float64Array.from(t.service),
    ready,
    due,
    vehicles: [vehicle],
    meta: { format: 'solomon', sourceFile: file, rounding, warnings: warnings.length ? warnings : undefined },
  });
  return singleInstance('solomon', file, inst);
}
