/**
 * A CSV (or TSV) of stops with a header row: coordinates, and optionally id, demand, service
 * time, time window and a `type` column marking the depot. It carries no road matrix, so the
 * instance gets a crow-fly matrix with every off-diagonal cell flagged as estimated.
 * Node 0 is the depot (the `type = depot` row, else the first row); stops follow in file order.
 */
import Papa from 'papaparse';
import { parseClock } from '../clock';
import { defaultVehicle, makeInstance, usesTimeWindows, type ProblemKind } from '../instance';
import { traitsOf } from '../problems';
import { checkDimension, fail, num } from './text';
import { singleInstance, type LoadedFile, type ParseOptions } from './types';
import { COORDINATE_HEADERS, UNIT_SECONDS, hasCoordinates, mapColumns, type Column, type StopField } from './csv-columns';
import { CROW_FLY_WARNING, crowFlyMatrices } from './crow-fly';

interface Row {
  /** 1-based line of the row in the file (the header is line 1). */
  line: number;
  cells: string[];
}

interface Stop {
  line: number;
  id: string;
  lon: number;
  lat: number;
  demand: number;
  service: number;
  ready: number;
  due: number;
  isDepot: boolean;
  capacity?: number;
  /** A window cell was a plain number (seconds or the header's unit), not HH:MM. */
  plainTime: boolean;
}

export function parseStopsCsv(file: string, text: string, opts: ParseOptions): LoadedFile {
  const warnings: string[] = [];
  const rows = readRows(file, text);
  if (rows.length === 0) fail(file, 'a header row and one row per stop', { line: 1, found: 'an empty file' });
  const [header, ...data] = rows;
  const map = mapColumns(header.cells);
  if (!hasCoordinates(map)) {
    const seen = header.cells.map((h) => h.trim()).filter(Boolean);
    fail(file, `coordinate columns: ${COORDINATE_HEADERS}`, { line: header.line, field: 'header', found: `columns ${seen.join(', ') || '(none)'}` });
  }
  if (map.unknown.length > 0) warnings.push(`columns not recognised and ignored: ${map.unknown.join(', ')}`);
  warnings.push(...map.notes);
  if (data.length === 0) fail(file, 'one row per stop after the header', { line: header.line, field: 'header', found: 'only the header row' });

  const width = header.cells.length;
  const stops = data.map((row) => readStop(file, row, width, map.columns));
  checkUniqueIds(file, stops, map.columns.id);
  const depot = chooseDepot(file, stops, map.columns.type, warnings);
  const nodes = [depot, ...stops.filter((s) => s !== depot)];
  if (nodes.length < 2) fail(file, 'at least one stop besides the depot', { line: depot.line, found: 'only the depot row' });
  const n = checkDimension(file, nodes.length, { line: data[data.length - 1].line });
  unitWarnings(map.columns, stops, warnings);
  if (depot.demand !== 0) warnings.push(`the depot row (line ${depot.line}) has a demand: ignored`);
  if (stops.some((s) => s !== depot && s.capacity !== undefined)) warnings.push('capacity is read from the depot row only; other rows ignored');

  const anyWindow = Boolean(map.columns.twStart || map.columns.twEnd) && nodes.some((s) => s.ready > 0 || Number.isFinite(s.due));
  const kind: ProblemKind = opts.problem ?? (anyWindow ? 'acvrptw' : 'acvrp');
  if (!usesTimeWindows(kind) && anyWindow) warnings.push(`time windows ignored by the ${kind} problem`);
  const capacity = opts.capacity ?? depot.capacity ?? Infinity;

  const coords = Float64Array.from(nodes.flatMap((s) => [s.lon, s.lat]));
  const matrices = crowFlyMatrices(coords);
  warnings.push(CROW_FLY_WARNING);
  const pick = (f: (s: Stop) => number) => Float64Array.from(nodes, f);
  // The depot neither receives goods nor is served; only its window (the shift) carries over.
  const served = (f: (s: Stop) => number) => Float64Array.from(nodes, (s, k) => (k === 0 ? 0 : f(s)));
  const due = pick((s) => s.due);
  const ready = pick((s) => s.ready);
  const tour = traitsOf(kind).tour;
  const depotIndex = tour ? -1 : 0;
  const vehicle = defaultVehicle(kind, depotIndex, due[0], capacity);
  if (!tour) vehicle.shift = [ready[0], due[0]];

  const inst = makeInstance({
    name: (file.split(/[\\/]/).pop() ?? file).replace(/\.[^.]+$/, ''),
    kind,
    n,
    ...matrices,
    labels: nodes.map((s) => s.id),
    coords,
    coordSystem: 'lonlat',
    depot: depotIndex,
    demand: served((s) => s.demand),
    service: served((s) => s.service),
    ready,
    due,
    vehicles: [vehicle],
    units: { distance: 'm', time: 's' },
    // Window cells are times of day (or seconds from midnight): time 0 is midnight.
    meta: { sourceFile: file, format: 'stops-csv', warnings, ...(anyWindow ? { dayStart: 0 } : {}) },
  });
  return singleInstance('stops-csv', file, inst, undefined);
}

function readRows(file: string, text: string): Row[] {
  const parsed = Papa.parse<string[]>(text.replace(/^\uFEFF/, ''), { skipEmptyLines: false });
  const quoteError = parsed.errors.find((e) => e.type === 'Quotes');
  const lines: number[] = [];
  let line = 1;
  for (const cells of parsed.data) {
    lines.push(line);
    // A quoted cell may span lines; count them so later rows keep their true line numbers.
    line += 1 + cells.reduce((acc, c) => acc + (c.match(/\n/g)?.length ?? 0), 0);
  }
  if (quoteError) {
    fail(file, 'balanced double quotes', { line: lines[quoteError.row ?? 0] ?? 1, found: quoteError.message });
  }
  return parsed.data
    .map((cells, i) => ({ line: lines[i], cells }))
    .filter((r) => r.cells.some((c) => c.trim() !== ''));
}

function readStop(file: string, row: Row, width: number, cols: Partial<Record<StopField, Column>>): Stop {
  const { line, cells } = row;
  if (cells.length < width || cells.slice(width).some((c) => c.trim() !== '')) {
    fail(file, `${width} fields, as in the header`, { line, found: `${cells.length} fields` });
  }
  const cell = (f: StopField) => {
    const c = cols[f];
    return c ? cells[c.index].trim() : '';
  };
  const where = (f: StopField) => ({ line, field: cols[f]!.header });

  let lat: number;
  let lon: number;
  if (cols.lat && cols.lon) {
    lat = num(file, cell('lat'), where('lat'), 'a latitude in degrees');
    lon = num(file, cell('lon'), where('lon'), 'a longitude in degrees');
    checkRange(file, lat, 90, where('lat'), 'a latitude within ±90°');
    checkRange(file, lon, 180, where('lon'), 'a longitude within ±180°');
  } else {
    const raw = cell('location');
    const parts = raw.split(/[,;\s]+/).filter(Boolean);
    const what = 'a location "lat,lon" in degrees';
    if (parts.length !== 2) fail(file, what, { ...where('location'), found: raw || 'nothing' });
    lat = num(file, parts[0], where('location'), what);
    lon = num(file, parts[1], where('location'), what);
    checkRange(file, lat, 90, where('location'), 'a location "lat,lon" with the latitude first, within ±90°');
    checkRange(file, lon, 180, where('location'), 'a location "lat,lon" with the longitude within ±180°');
  }

  const amount = (f: StopField, what: string, dflt: number) => {
    const raw = cell(f);
    if (raw === '') return dflt;
    const x = num(file, raw, where(f), what);
    if (x < 0) fail(file, what, { ...where(f), found: raw });
    return x;
  };
  const isDepot = cols.type !== undefined && cell('type').toLowerCase() === 'depot';
  return {
    line,
    id: cell('id') || String(line - 1),
    lon,
    lat,
    demand: amount('demand', 'a non-negative demand', 0),
    service: cell('service') === '' ? 0 : durationSeconds(file, cell('service'), cols.service!, line),
    ready: cell('twStart') === '' ? 0 : timeOfDay(file, cell('twStart'), cols.twStart!, line),
    due: cell('twEnd') === '' ? Infinity : timeOfDay(file, cell('twEnd'), cols.twEnd!, line),
    isDepot,
    capacity: cell('capacity') === '' ? undefined : amount('capacity', 'a non-negative capacity', 0),
    plainTime: [cell('twStart'), cell('twEnd')].some((c) => c !== '' && !c.includes(':')),
  };
}

function checkRange(file: string, x: number, limit: number, where: { line: number; field: string }, what: string): void {
  if (Math.abs(x) > limit) fail(file, what, { ...where, found: String(x) });
}

function durationSeconds(file: string, raw: string, col: Column, line: number): number {
  const unit = col.unit ?? 's';
  const what = `a service time in ${unit === 's' ? 'seconds' : unit === 'min' ? 'minutes' : 'hours'}`;
  const x = num(file, raw, { line, field: col.header }, what);
  if (x < 0) fail(file, what, { line, field: col.header, found: raw });
  return x * UNIT_SECONDS[unit];
}

/** HH:MM or HH:MM:SS from midnight, or a plain number in the column's unit (seconds by default). */
export function timeOfDay(file: string, raw: string, col: Column, line: number): number {
  const where = { line, field: col.header };
  const what = 'a time HH:MM or HH:MM:SS (00:00 to 24:00) or a number of seconds';
  if (raw.includes(':')) {
    const t = parseClock(raw);
    if (t === null) fail(file, what, { ...where, found: raw });
    return t;
  }
  const x = num(file, raw, where, what);
  if (x < 0) fail(file, what, { ...where, found: raw });
  return x * UNIT_SECONDS[col.unit ?? 's'];
}

function checkUniqueIds(file: string, stops: Stop[], col: Column | undefined): void {
  if (!col) return;
  const seen = new Map<string, number>();
  for (const s of stops) {
    const prev = seen.get(s.id);
    if (prev !== undefined) fail(file, `a unique id (also on line ${prev})`, { line: s.line, field: col.header, found: s.id });
    seen.set(s.id, s.line);
  }
}

function chooseDepot(file: string, stops: Stop[], typeCol: Column | undefined, warnings: string[]): Stop {
  const depots = stops.filter((s) => s.isDepot);
  if (depots.length > 1) {
    fail(file, `one depot row (the first is on line ${depots[0].line})`, { line: depots[1].line, field: typeCol!.header, found: 'depot' });
  }
  if (depots.length === 1) return depots[0];
  warnings.push(`no row has type "depot": the first row (line ${stops[0].line}) is taken as the depot`);
  return stops[0];
}

function unitWarnings(cols: Partial<Record<StopField, Column>>, stops: Stop[], warnings: string[]): void {
  if (cols.service && !cols.service.unit && stops.some((s) => s.service > 0)) {
    warnings.push(`column "${cols.service.header}" states no unit: read as seconds (name it service_min or "service (min)" for minutes)`);
  }
  const tw = [cols.twStart, cols.twEnd].filter((c): c is Column => Boolean(c && !c.unit));
  if (tw.length > 0 && stops.some((s) => s.plainTime)) {
    warnings.push(`plain numbers in ${tw.map((c) => `"${c.header}"`).join(', ')} are read as seconds from the start of the day`);
  }
}
