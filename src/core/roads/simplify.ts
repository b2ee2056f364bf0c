/**
 * Fewer vertices for a path drawn on the map: OSM draws curves with a vertex every few metres,
 * and each vertex costs every frame the route is drawn in. Douglas–Peucker keeps a subset of
 * the vertices (so every vertex kept is still on the road) such that no dropped one lies
 * further than `toleranceM` from the line kept.
 */
export function simplifyPath(flat: Float64Array, toleranceM: number): Float64Array {
  const n = flat.length / 2;
  if (n <= 2) return flat;
  // Local metres: a path spans a town, where one scale per axis is exact enough.
  const kx = 111_320 * Math.cos((flat[1] * Math.PI) / 180);
  const ky = 110_540;
  const keep = new Uint8Array(n);
  keep[0] = 1;
  keep[n - 1] = 1;
  const stack: number[] = [0, n - 1];
  while (stack.length > 0) {
    const b = stack.pop()!;
    const a = stack.pop()!;
    const ax = flat[2 * a] * kx;
    const ay = flat[2 * a + 1] * ky;
    const bx = flat[2 * b] * kx - ax;
    const by = flat[2 * b + 1] * ky - ay;
    const len2 = bx * bx + by * by;
    let worst = -1;
    let worstD = toleranceM;
    for (let i = a + 1; i < b; i++) {
      const px = flat[2 * i] * kx - ax;
      const py = flat[2 * i + 1] * ky - ay;
      const t = len2 > 0 ? Math.max(0, Math.min(1, (px * bx + py * by) / len2)) : 0;
      const d = Math.hypot(px - t * bx, py - t * by);
      if (d > worstD) {
        worstD = d;
        worst = i;
      }
    }
    if (worst >= 0) {
      keep[worst] = 1;
      stack.push(a, worst, worst, b);
    }
  }
  let count = 0;
  for (let i = 0; i < n; i++) count += keep[i];
  const out = new Float64Array(2 * count);
  for (let i = 0, o = 0; i < n; i++) {
    if (!keep[i]) continue;
    out[o++] = flat[2 * i];
    out[o++] = flat[2 * i + 1];
  }
  return out;
}
