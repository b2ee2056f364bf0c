/**
 * TSPLIB / CVRPLIB (`.vrp`, `.atsp`, `.tsp`). The reader is strict on purpose: a benchmark whose
 * matrix is silently wrong gives meaningless gaps, so every section must hold exactly DIMENSION
 * rows (or the exact weight count) and every problem is a located FormatError.
 */
import { defaultVehicle, makeInstance, type ProblemKind, type Rounding } from '../instance';
import { traitsOf } from '../problems';
import {
  COORD_WEIGHT_TYPES,
  EXPLICIT_FORMATS,
  coordMatrix,
  explicitCells,
  explicitCount,
  explicitMatrix,
  geoDegrees,
  type CoordWeightType,
  type ExplicitFormat,
} from './benchmark-weights';
import { checkDimension, fail, int, num, splitLines, type Line } from './text';
import { singleInstance, type LoadedFile, type ParseOptions } from './types';

interface HeaderValue {
  value: string;
  line: number;
}

interface Sections {
  coords?: Float64Array;
  display?: Float64Array;
  demand?: Float64Array;
  depots?: { ids: number[]; line: number };
  weights?: { format: ExplicitFormat; values: number[] };
}

const KEY_VALUE = /^([A-Za-z_][A-Za-z0-9_]*)\s*:\s*(.*)$/;
const SECTION = /^([A-Za-z_]+_SECTION)\s*:?\s*$/i;
const TYPES: Record<string, ProblemKind> = { CVRP: 'acvrp', ATSP: 'atsp', TSP: 'atsp' };
const SECTION_SLOTS: Record<string, keyof Sections> = {
  NODE_COORD_SECTION: 'coords',
  DISPLAY_DATA_SECTION: 'display',
  DEMAND_SECTION: 'demand',
  DEPOT_SECTION: 'depots',
  EDGE_WEIGHT_SECTION: 'weights',
};
const SECTION_NAMES = 'NODE_COORD_SECTION, EDGE_WEIGHT_SECTION, DEMAND_SECTION, DEPOT_SECTION or DISPLAY_DATA_SECTION';
/** Keys that change the problem but that RouteLab's CVRP does not model; worth a warning, not a refusal. */
const IGNORED_KEYS = ['VEHICLES', 'SERVICE_TIME', 'DISTANCE', 'VEHICLES_MAX_DURATION', 'VEHICLES_MAX_DISTANCE'];
const SILENT_KEYS = ['NAME', 'COMMENT', 'NODE_COORD_TYPE', 'DISPLAY_DATA_TYPE'];

function isKeywordLine(t: string): boolean {
  return SECTION.test(t) || KEY_VALUE.test(t) || /^EOF$/i.test(t);
}

function tokens(t: string): string[] {
  return t.split(/\s+/);
}

/** Walks the file once; sections read their exact row or value count from the lines that follow. */
class TsplibReader {
  readonly header = new Map<string, HeaderValue>();
  readonly sections: Sections = {};
  readonly warnings: string[] = [];
  n?: number;
  private i = 0;
  private readonly lastNo: number;

  constructor(
    private readonly file: string,
    private readonly lines: Line[],
  ) {
    this.lastNo = lines.length ? lines[lines.length - 1].no : 1;
  }

  read(): void {
    let previous = '';
    while (this.i < this.lines.length) {
      const { no, text } = this.lines[this.i];
      const t = text.trim();
      this.i++;
      if (t === '') continue;
      if (/^EOF$/i.test(t)) return;
      const section = SECTION.exec(t);
      const kv = section ? null : KEY_VALUE.exec(t);
      if (section) {
        previous = section[1].toUpperCase();
        this.readSection(previous, no);
      } else if (kv) {
        this.readHeader(kv[1].toUpperCase(), kv[2].trim(), no);
      } else {
        const hint = previous ? ` (or ${previous} holds more entries than DIMENSION ${this.n} allows)` : '';
        fail(this.file, `a "KEY : value" line, a section name or EOF${hint}`, { line: no, found: t });
      }
    }
  }

  private readHeader(key: string, value: string, line: number): void {
    const { file } = this;
    if (this.header.has(key) && key !== 'COMMENT') fail(file, `one ${key} line`, { line, found: `a second ${key}` });
    this.header.set(key, { value, line });
    switch (key) {
      case 'DIMENSION':
        this.n = checkDimension(file, int(file, value, { line }, 'DIMENSION as a positive integer'), { line });
        return;
      case 'TYPE':
        if (!Object.hasOwn(TYPES, tokens(value)[0].toUpperCase())) fail(file, 'TYPE CVRP, ATSP or TSP', { line, found: value });
        return;
      case 'EDGE_WEIGHT_TYPE':
        if (value.toUpperCase() !== 'EXPLICIT' && !(COORD_WEIGHT_TYPES as readonly string[]).includes(value.toUpperCase())) {
          fail(file, `EDGE_WEIGHT_TYPE EXPLICIT, ${COORD_WEIGHT_TYPES.join(', ')}`, { line, found: value });
        }
        return;
      case 'EDGE_WEIGHT_FORMAT':
        if (value.toUpperCase() !== 'FUNCTION' && !(EXPLICIT_FORMATS as readonly string[]).includes(value.toUpperCase())) {
          fail(file, `EDGE_WEIGHT_FORMAT ${EXPLICIT_FORMATS.join(', ')} or FUNCTION`, { line, found: value });
        }
        return;
      case 'CAPACITY':
        if (num(file, value, { line }, 'CAPACITY as a number') < 0) fail(file, 'a non-negative CAPACITY', { line, found: value });
        return;
      default:
        if (IGNORED_KEYS.includes(key)) this.warnings.push(`${key} (line ${line}) is not modelled and was ignored`);
        else if (!SILENT_KEYS.includes(key)) this.warnings.push(`unknown key ${key} (line ${line}) ignored`);
    }
  }

  private readSection(name: string, line: number): void {
    const { file, sections } = this;
    const n = this.n;
    if (n === undefined) fail(file, `DIMENSION before ${name}`, { line, found: name });
    const slot = Object.hasOwn(SECTION_SLOTS, name) ? SECTION_SLOTS[name] : undefined;
    if (!slot) fail(file, `a section RouteLab reads (${SECTION_NAMES})`, { line, found: name });
    if (sections[slot]) fail(file, `one ${name}`, { line, found: `a second ${name}` });
    switch (slot) {
      case 'coords':
      case 'display':
        sections[slot] = this.nodeTable(name, n, 2, 'id x y');
        return;
      case 'demand':
        sections.demand = this.nodeTable(name, n, 1, 'id demand', true);
        return;
      case 'depots':
        sections.depots = this.depotList(n, line);
        return;
      case 'weights':
        sections.weights = this.weightStream(n, line);
    }
  }

  /** Exactly n rows `id v1 .. vk`, each id 1..n once; returns the values by node index. */
  private nodeTable(name: string, n: number, width: number, shape: string, nonNegative = false): Float64Array {
    const { file } = this;
    const out = new Float64Array(n * width);
    const seen = new Uint8Array(n);
    let rows = 0;
    while (rows < n) {
      const row = this.nextDataLine(`${n} rows in ${name} (one per node, DIMENSION ${n})`, `${rows} rows`);
      const parts = tokens(row.text);
      if (parts.length !== width + 1) fail(file, `${width + 1} values per ${name} row (${shape})`, { line: row.no, found: row.text });
      const id = int(file, parts[0], { line: row.no }, `a node id 1..${n}`);
      if (id < 1 || id > n) fail(file, `a node id between 1 and ${n} (DIMENSION)`, { line: row.no, found: parts[0] });
      if (seen[id - 1]) fail(file, `each node id once in ${name}`, { line: row.no, found: `id ${id} again` });
      seen[id - 1] = 1;
      for (let k = 0; k < width; k++) {
        const x = num(file, parts[k + 1], { line: row.no }, `a number in ${name}`);
        if (nonNegative && x < 0) fail(file, `a non-negative value in ${name}`, { line: row.no, found: parts[k + 1] });
        out[(id - 1) * width + k] = x;
      }
      rows++;
    }
    return out;
  }

  private depotList(n: number, sectionLine: number): { ids: number[]; line: number } {
    const { file } = this;
    const ids: number[] = [];
    for (;;) {
      const row = this.nextDataLine('DEPOT_SECTION terminated by -1', ids.length ? `ids ${ids.join(' ')} without -1` : 'no -1');
      const parts = tokens(row.text);
      for (let k = 0; k < parts.length; k++) {
        const id = int(file, parts[k], { line: row.no }, `a depot node id 1..${n} or -1`);
        if (id === -1) {
          if (k < parts.length - 1) fail(file, 'nothing after the -1 that ends DEPOT_SECTION', { line: row.no, found: row.text });
          if (ids.length === 0) fail(file, 'at least one depot id before -1', { line: row.no, found: row.text });
          return { ids, line: sectionLine };
        }
        if (id < 1 || id > n) fail(file, `a depot node id between 1 and ${n} (DIMENSION)`, { line: row.no, found: parts[k] });
        ids.push(id);
      }
    }
  }

  /** EDGE_WEIGHT_SECTION values wrap lines arbitrarily: one token stream of the exact count. */
  private weightStream(n: number, line: number): { format: ExplicitFormat; values: number[] } {
    const { file } = this;
    const fmt = this.header.get('EDGE_WEIGHT_FORMAT');
    if (!fmt) fail(file, 'EDGE_WEIGHT_FORMAT before EDGE_WEIGHT_SECTION', { line, found: 'EDGE_WEIGHT_SECTION' });
    const format = fmt.value.toUpperCase() as ExplicitFormat;
    if (!(EXPLICIT_FORMATS as readonly string[]).includes(format)) {
      fail(file, `an explicit EDGE_WEIGHT_FORMAT (${EXPLICIT_FORMATS.join(', ')}) for EDGE_WEIGHT_SECTION`, { line: fmt.line, found: fmt.value });
    }
    const count = explicitCount(format, n);
    const expected = `${count} values in EDGE_WEIGHT_SECTION (${format}, DIMENSION ${n})`;
    const cells = explicitCells(format, n);
    const values: number[] = [];
    while (values.length < count) {
      const row = this.nextDataLine(expected, `${values.length} values`);
      for (const token of tokens(row.text)) {
        if (values.length === count) fail(file, `exactly ${expected}`, { line: row.no, found: `more values from ${token}` });
        const x = num(file, token, { line: row.no }, 'a numeric edge weight');
        const [i, j] = cells.next().value as [number, number];
        // The diagonal is never an arc: ATSP files park sentinels such as 9999 there.
        if (i !== j && x < 0) fail(file, 'a non-negative edge weight', { line: row.no, field: `EDGE_WEIGHT_SECTION[${i + 1}][${j + 1}]`, found: token });
        values.push(x);
      }
    }
    return { format, values };
  }

  /** The next non-blank line of a section; a keyword or the end of the file there means the section is short. */
  private nextDataLine(expected: string, soFar: string): Line {
    for (;;) {
      if (this.i >= this.lines.length) fail(this.file, expected, { line: this.lastNo, found: `end of file after ${soFar}` });
      const { no, text } = this.lines[this.i];
      const t = text.trim();
      if (t !== '' && isKeywordLine(t)) fail(this.file, expected, { line: no, found: `${soFar}, then ${t}` });
      this.i++;
      if (t !== '') return { no, text: t };
    }
  }
}

function fileStem(file: string): string {
  return file.replace(/^.*[\\/]/, '').replace(/\.[^.]*$/, '');
}

/** A/B/P comments carry "Optimal value: 784"; worth keeping as the gap reference. */
function bestKnownFromComment(comment: string | undefined): number | undefined {
  const m = comment ? /(?:optimal|best)\s+value\s*:?\s*(\d+(?:\.\d+)?)/i.exec(comment) : null;
  return m ? Number(m[1]) : undefined;
}

export function parseTsplib(file: string, text: string, opts: ParseOptions): LoadedFile {
  const reader = new TsplibReader(file, splitLines(text));
  reader.read();
  const { header, sections, warnings } = reader;
  const n = reader.n;
  if (header.size === 0) fail(file, 'a TSPLIB header (NAME, TYPE, DIMENSION, EDGE_WEIGHT_TYPE ...)', { line: 1, found: text.slice(0, 40) });
  if (n === undefined) fail(file, 'a DIMENSION line (number of nodes, depot included)', { field: 'DIMENSION', found: 'none' });
  const type = header.get('TYPE');
  if (!type) fail(file, 'a TYPE line (CVRP, ATSP or TSP)', { field: 'TYPE', found: 'none' });
  const fileKind = TYPES[tokens(type.value)[0].toUpperCase()];
  let kind = fileKind;
  if (opts.problem === 'acvrp' || opts.problem === 'atsp') kind = opts.problem;
  else if (opts.problem && opts.problem !== fileKind) warnings.push(`a TSPLIB file cannot be read as ${opts.problem}; read as ${fileKind}`);

  const weightType = header.get('EDGE_WEIGHT_TYPE');
  if (!weightType) fail(file, 'an EDGE_WEIGHT_TYPE line (EXPLICIT, EUC_2D, ...)', { field: 'EDGE_WEIGHT_TYPE', found: 'none' });
  const ewt = weightType.value.toUpperCase();
  let distance: Float64Array;
  let rounding: Rounding | undefined;
  if (ewt === 'EXPLICIT') {
    if (!sections.weights) fail(file, 'an EDGE_WEIGHT_SECTION (EDGE_WEIGHT_TYPE is EXPLICIT)', { field: 'EDGE_WEIGHT_SECTION', found: 'none' });
    distance = explicitMatrix(sections.weights.format, n, sections.weights.values);
  } else {
    if (!sections.coords) fail(file, `a NODE_COORD_SECTION (EDGE_WEIGHT_TYPE ${ewt} computes distances from coordinates)`, { field: 'NODE_COORD_SECTION', found: 'none' });
    if (ewt === 'EUC_2D') rounding = opts.rounding ?? 'nint';
    distance = coordMatrix(n, sections.coords, ewt as CoordWeightType, rounding ?? 'nint');
  }

  let coords = sections.coords ?? sections.display ?? null;
  const geo = ewt === 'GEO' && coords !== null;
  if (geo && coords) {
    // GEO rows are latitude, longitude in DDD.MM; the model wants [lon, lat] in decimal degrees.
    const ll = new Float64Array(2 * n);
    for (let i = 0; i < n; i++) {
      ll[2 * i] = geoDegrees(coords[2 * i + 1]);
      ll[2 * i + 1] = geoDegrees(coords[2 * i]);
    }
    coords = ll;
  }

  const common = {
    name: header.get('NAME')?.value || fileStem(file),
    n,
    distance,
    labels: Array.from({ length: n }, (_, i) => String(i + 1)),
    coords,
    coordSystem: geo ? ('lonlat' as const) : ('planar' as const),
    // TSPLIB and CVRPLIB state distances only.
    units: { distance: 'abstract' as const, time: 'none' as const },
  };
  // A function, so that warnings raised while building the CVRP part are included.
  const meta = () => ({
    format: 'tsplib',
    sourceFile: file,
    rounding,
    bestKnown: bestKnownFromComment(header.get('COMMENT')?.value),
    warnings: warnings.length ? warnings : undefined,
  });

  if (traitsOf(kind).tour) return singleInstance('tsplib', file, makeInstance({ ...common, kind, meta: meta() }));

  const depots = sections.depots;
  if (depots && depots.ids.length > 1) fail(file, 'a single depot in DEPOT_SECTION', { line: depots.line, found: depots.ids.join(' ') });
  if (!depots) warnings.push('no DEPOT_SECTION: node 1 is the depot');
  const depot = depots ? depots.ids[0] - 1 : 0;
  const capacityLine = header.get('CAPACITY');
  const capacity = capacityLine ? Number(capacityLine.value) : opts.capacity ?? (fileKind === 'acvrp' ? undefined : Infinity);
  if (capacity === undefined) fail(file, 'a CAPACITY line (TYPE is CVRP)', { field: 'CAPACITY', found: 'none' });
  if (!sections.demand && fileKind === 'acvrp') fail(file, 'a DEMAND_SECTION (TYPE is CVRP)', { field: 'DEMAND_SECTION', found: 'none' });
  const demand = sections.demand ?? new Float64Array(n);
  const inst = makeInstance({
    ...common,
    kind,
    depot,
    demand,
    vehicles: [defaultVehicle('acvrp', depot, Infinity, capacity)],
    meta: meta(),
  });
  return singleInstance('tsplib', file, inst);
}
