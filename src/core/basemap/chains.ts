/**
 * Joining OSM ways end to end where they share an end point: the outer and inner rings of a
 * multipolygon come as several ways, and so does a coastline. Ways are flat [lon, lat, …]
 * arrays; a shared node has the same coordinates in both, so the ends are matched exactly.
 */

export interface Chains {
  /** Closed rings (first point repeated last). */
  rings: number[][];
  /** What could not be closed, joined as far as it goes. */
  open: number[][];
}

const keyAt = (w: readonly number[], i: number) => `${w[2 * i]},${w[2 * i + 1]}`;
const headKey = (w: readonly number[]) => keyAt(w, 0);
const tailKey = (w: readonly number[]) => keyAt(w, w.length / 2 - 1);

function reversed(w: readonly number[]): number[] {
  const out = new Array<number>(w.length);
  const n = w.length / 2;
  for (let i = 0; i < n; i++) {
    out[2 * i] = w[2 * (n - 1 - i)];
    out[2 * i + 1] = w[2 * (n - 1 - i) + 1];
  }
  return out;
}

/**
 * Joins `ways` into chains. With `keepDirection` (coastlines, whose direction says where the
 * water is) a way is only joined head to tail; otherwise ways may be reversed to fit.
 */
export function joinWays(ways: readonly (readonly number[])[], keepDirection = false): Chains {
  const pending = ways.filter((w) => w.length >= 4).map((w) => Array.from(w));
  const rings: number[][] = [];
  const open: number[][] = [];
  const byEnd = new Map<string, number[][]>();
  const link = (key: string, w: number[]) => {
    const list = byEnd.get(key);
    if (list) list.push(w);
    else byEnd.set(key, [w]);
  };
  for (const w of pending) {
    if (headKey(w) === tailKey(w)) continue;
    link(headKey(w), w);
    link(tailKey(w), w);
  }
  const used = new Set<number[]>();
  const take = (key: string, fits: (w: number[]) => boolean): number[] | undefined => {
    const w = (byEnd.get(key) ?? []).find((c) => !used.has(c) && fits(c));
    if (w) used.add(w);
    return w;
  };
  for (const w of pending) {
    if (used.has(w)) continue;
    used.add(w);
    let chain = w;
    for (let grew = true; grew && headKey(chain) !== tailKey(chain); ) {
      grew = false;
      const tail = tailKey(chain);
      const next = take(tail, (c) => !keepDirection || headKey(c) === tail);
      if (next) {
        const part = headKey(next) === tail ? next : reversed(next);
        chain = chain.concat(part.slice(2));
        grew = true;
        continue;
      }
      const head = headKey(chain);
      const prev = take(head, (c) => !keepDirection || tailKey(c) === head);
      if (prev) {
        const part = tailKey(prev) === head ? prev : reversed(prev);
        chain = part.slice(0, -2).concat(chain);
        grew = true;
      }
    }
    (headKey(chain) === tailKey(chain) ? rings : open).push(chain);
  }
  return { rings, open };
}
