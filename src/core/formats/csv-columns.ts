/**
 * Header recognition for CSV files of stops: case-insensitive synonyms from the tools people
 * export from (OptimoRoute, Circuit, Solomon-like sheets, vrp-cli), plus explicit time units in
 * the header (`service_min`, `Service (s)`), because minutes vs seconds must never be guessed.
 */

export type StopField = 'id' | 'lat' | 'lon' | 'location' | 'demand' | 'service' | 'twStart' | 'twEnd' | 'type' | 'capacity';
export type TimeUnit = 's' | 'min' | 'h';

const SYNONYMS: Record<StopField, string[]> = {
  id: ['id', 'name', 'label', 'order id', 'cust no', 'customer', 'stop id', 'job id'],
  lat: ['lat', 'latitude'],
  lon: ['lon', 'lng', 'long', 'longitude'],
  location: ['location'],
  demand: ['demand', 'load', 'quantity', 'qty'],
  service: ['service', 'service time', 'service duration', 'duration', 'time at stop'],
  twStart: ['tw start', 'earliest', 'ready time', 'ready', 'time window from', 'tw from'],
  twEnd: ['tw end', 'latest', 'due time', 'due date', 'due', 'time window to', 'tw to'],
  type: ['type'],
  capacity: ['capacity'],
};

const TIMED: StopField[] = ['service', 'twStart', 'twEnd'];

const UNITS: Record<string, TimeUnit> = {
  s: 's', sec: 's', secs: 's', second: 's', seconds: 's',
  min: 'min', mins: 'min', minute: 'min', minutes: 'min',
  h: 'h', hr: 'h', hrs: 'h', hour: 'h', hours: 'h',
};

export const UNIT_SECONDS: Record<TimeUnit, number> = { s: 1, min: 60, h: 3600 };

export const COORDINATE_HEADERS = 'lat/latitude and lon/lng/long/longitude columns, or one location column holding "lat,lon"';

const ADDRESS_HINT = /address|street|city|zip|postcode|postal/;

export interface Column {
  field: StopField;
  index: number;
  /** The header as written, for messages. */
  header: string;
  /** Stated in the header; undefined means the file did not say. */
  unit?: TimeUnit;
}

export interface ColumnMap {
  columns: Partial<Record<StopField, Column>>;
  unknown: string[];
  notes: string[];
}

export function normaliseHeader(h: string): string {
  return h.toLowerCase().replace(/[._\-]+/g, ' ').replace(/\s+/g, ' ').trim();
}

function fieldOf(name: string): StopField | undefined {
  return (Object.keys(SYNONYMS) as StopField[]).find((f) => SYNONYMS[f].includes(name));
}

/** `service (min)` / `service min` → base `service`, unit min. */
function splitUnit(name: string): { base: string; unit: TimeUnit } | undefined {
  const m = /^(.*?)\s*\(\s*([a-z]+)\s*\)$/.exec(name) ?? /^(.*?)\s+([a-z]+)$/.exec(name);
  if (!m || !UNITS[m[2]]) return undefined;
  return { base: m[1].trim(), unit: UNITS[m[2]] };
}

export function mapColumns(headers: string[]): ColumnMap {
  const columns: Partial<Record<StopField, Column>> = {};
  const unknown: string[] = [];
  const notes: string[] = [];
  headers.forEach((header, index) => {
    const name = normaliseHeader(header);
    if (name === '') return;
    let field = fieldOf(name);
    let unit: TimeUnit | undefined;
    if (!field) {
      const split = splitUnit(name);
      const base = split && fieldOf(split.base);
      if (split && base && TIMED.includes(base)) {
        field = base;
        unit = split.unit;
      }
    }
    if (!field) {
      unknown.push(header.trim());
      return;
    }
    const taken = columns[field];
    if (taken) {
      notes.push(`column "${header.trim()}" ignored: "${taken.header}" already gives the ${field}`);
      return;
    }
    columns[field] = { field, index, header: header.trim(), unit };
  });
  if (unknown.some((h) => ADDRESS_HINT.test(h.toLowerCase()))) {
    notes.push('address columns are not geocoded: RouteLab needs coordinates for every stop');
  }
  return { columns, unknown, notes };
}

export function hasCoordinates(map: ColumnMap): boolean {
  return Boolean((map.columns.lat && map.columns.lon) || map.columns.location);
}
