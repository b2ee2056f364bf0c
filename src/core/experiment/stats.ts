/**
 * The statistics an experiment reports, written from their definitions so that each one can be
 * checked by hand: mean, median and quantiles, a Student-t interval for the mean, and the
 * Wilcoxon signed-rank test of paired differences (exact for small samples, normal otherwise).
 */

export function mean(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  let s = 0;
  for (const x of xs) s += x;
  return s / xs.length;
}

/** Sample standard deviation (n − 1 in the denominator). */
export function stdev(xs: readonly number[]): number {
  if (xs.length < 2) return NaN;
  const m = mean(xs);
  let s = 0;
  for (const x of xs) s += (x - m) * (x - m);
  return Math.sqrt(s / (xs.length - 1));
}

/** Linear interpolation between order statistics (R's type 7, numpy's default). `sorted` ascending. */
export function quantileSorted(sorted: readonly number[], p: number): number {
  if (sorted.length === 0) return NaN;
  const h = (sorted.length - 1) * Math.min(1, Math.max(0, p));
  const lo = Math.floor(h);
  const hi = Math.min(sorted.length - 1, lo + 1);
  return sorted[lo] + (h - lo) * (sorted[hi] - sorted[lo]);
}

export function sortedCopy(xs: readonly number[]): number[] {
  return [...xs].sort((a, b) => a - b);
}

export function median(xs: readonly number[]): number {
  return quantileSorted(sortedCopy(xs), 0.5);
}

// ---- special functions (enough for the t and normal distributions)

const HALF_LOG_2PI = 0.5 * Math.log(2 * Math.PI);

/**
 * ln Γ(x) for x > 0: Stirling's series, accurate to ~1e-13 once x ≥ 10, reached from smaller x
 * through Γ(x) = Γ(x + k) / (x (x+1) … (x+k−1)).
 */
export function logGamma(x: number): number {
  let shift = 0;
  while (x < 10) {
    shift += Math.log(x);
    x += 1;
  }
  const inv = 1 / x;
  const inv2 = inv * inv;
  const series = inv * (1 / 12 - inv2 * (1 / 360 - inv2 * (1 / 1260 - inv2 * (1 / 1680 - inv2 / 1188))));
  return (x - 0.5) * Math.log(x) - x + HALF_LOG_2PI + series - shift;
}

/**
 * Evaluates the continued fraction b0 + a1/(b1 + a2/(b2 + …)) with the modified Lentz method;
 * `term(m)` gives [a_m, b_m] for m ≥ 1.
 */
function continuedFraction(b0: number, term: (m: number) => [number, number]): number {
  const tiny = 1e-300;
  let f = b0 === 0 ? tiny : b0;
  let c = f;
  let d = 0;
  for (let m = 1; m < 10_000; m++) {
    const [a, b] = term(m);
    d = b + a * d;
    d = Math.abs(d) < tiny ? 1 / tiny : 1 / d;
    c = b + a / c;
    if (Math.abs(c) < tiny) c = tiny;
    const delta = c * d;
    f *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return f;
}

/**
 * The regularised incomplete beta function I_x(a, b), from its continued fraction
 * I_x(a,b) = x^a (1−x)^b / (a B(a,b)) · 1 / (1 + d1 / (1 + d2 / (1 + …))), with
 * d_{2m+1} = −(a+m)(a+b+m) x / ((a+2m)(a+2m+1)) and d_{2m} = m (b−m) x / ((a+2m−1)(a+2m)).
 * The fraction converges fast below x = (a+1)/(a+b+2); above it, I_x(a,b) = 1 − I_{1−x}(b,a).
 */
export function incompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  if (x > (a + 1) / (a + b + 2)) return 1 - incompleteBeta(1 - x, b, a);
  const logFront = a * Math.log(x) + b * Math.log1p(-x) - (logGamma(a) + logGamma(b) - logGamma(a + b)) - Math.log(a);
  const fraction = continuedFraction(1, (k) => {
    const m = Math.floor(k / 2);
    const d = k % 2 === 1 ? (-(a + m) * (a + b + m) * x) / ((a + 2 * m) * (a + 2 * m + 1)) : (m * (b - m) * x) / ((a + 2 * m - 1) * (a + 2 * m));
    return [d, 1];
  });
  return Math.exp(logFront) / fraction;
}

/**
 * The regularised upper incomplete gamma function Q(a, x) = Γ(a, x) / Γ(a): the power series of
 * P below x = a + 1, Legendre's continued fraction for Q above.
 */
export function upperIncompleteGamma(a: number, x: number): number {
  if (x <= 0) return 1;
  const logFront = a * Math.log(x) - x - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let k = 1; k < 10_000; k++) {
      term *= x / (a + k);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * 1e-16) break;
    }
    return 1 - Math.exp(logFront) * sum;
  }
  // Q = e^{−x} x^a / Γ(a) · 1 / (x + 1 − a − 1·(1−a) / (x + 3 − a − 2·(2−a) / (x + 5 − a − …)))
  const fraction = continuedFraction(x + 1 - a, (m) => [-m * (m - a), x + 2 * m + 1 - a]);
  return Math.exp(logFront) / fraction;
}

/** Standard normal cumulative distribution Φ(z) = ½ erfc(−z/√2), erfc(y) = Q(½, y²) for y ≥ 0. */
export function normalCdf(z: number): number {
  const tail = 0.5 * upperIncompleteGamma(0.5, (z * z) / 2);
  return z >= 0 ? 1 - tail : tail;
}

/** Student's t cumulative distribution with `df` degrees of freedom. */
export function studentTCdf(t: number, df: number): number {
  const tail = 0.5 * incompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

/** The p-quantile of Student's t (0 < p < 1), by bisection on the distribution function. */
export function studentTQuantile(p: number, df: number): number {
  if (!(p > 0 && p < 1) || !(df > 0)) return NaN;
  if (p === 0.5) return 0;
  if (p < 0.5) return -studentTQuantile(1 - p, df);
  let lo = 0;
  let hi = 1;
  while (studentTCdf(hi, df) < p) hi *= 2;
  for (let i = 0; i < 200 && hi - lo > 1e-12 * hi; i++) {
    const mid = (lo + hi) / 2;
    if (studentTCdf(mid, df) < p) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}

export interface Interval {
  low: number;
  high: number;
}

/** The two-sided Student-t confidence interval of the mean: x̄ ± t_{(1+level)/2, n−1} · s / √n. */
export function meanInterval(xs: readonly number[], level = 0.95): Interval | undefined {
  if (xs.length < 2) return undefined;
  const m = mean(xs);
  const half = (studentTQuantile((1 + level) / 2, xs.length - 1) * stdev(xs)) / Math.sqrt(xs.length);
  return { low: m - half, high: m + half };
}

// ---- Wilcoxon signed-rank test

export interface WilcoxonResult {
  /** Pairs left once zero differences are dropped. */
  n: number;
  /** Rank sums of the positive and the negative differences (tied |d| share their mean rank). */
  wPlus: number;
  wMinus: number;
  /** Two-sided p-value; NaN when no difference is left. */
  p: number;
  method: 'exact' | 'normal';
}

/** Up to this many non-zero pairs the null distribution is enumerated exactly. */
export const WILCOXON_EXACT_MAX = 50;

/** Mean ranks (1-based) of `values`, ties sharing the mean of the ranks they span. */
export function midRanks(values: readonly number[]): number[] {
  const order = values.map((v, i) => [v, i] as const).sort((a, b) => a[0] - b[0]);
  const ranks = new Array<number>(values.length);
  for (let i = 0; i < order.length; ) {
    let j = i;
    while (j + 1 < order.length && order[j + 1][0] === order[i][0]) j++;
    const rank = (i + j + 2) / 2;
    for (let k = i; k <= j; k++) ranks[order[k][1]] = rank;
    i = j + 1;
  }
  return ranks;
}

/**
 * Wilcoxon's signed-rank test of H0 "the differences are symmetric about 0". Differences with
 * |d| ≤ zeroTolerance are dropped (Wilcoxon's convention). Up to WILCOXON_EXACT_MAX pairs the
 * p-value comes from the exact permutation distribution of W+ given the ranks (each rank counts
 * as + or − with probability ½, midranks included); above, from the normal approximation with
 * the tie correction and a continuity correction of ½.
 */
export function wilcoxonSignedRank(differences: readonly number[], zeroTolerance = 0): WilcoxonResult {
  const d = differences.filter((x) => Number.isFinite(x) && Math.abs(x) > zeroTolerance);
  const n = d.length;
  if (n === 0) return { n: 0, wPlus: 0, wMinus: 0, p: NaN, method: 'exact' };
  const ranks = midRanks(d.map(Math.abs));
  let wPlus = 0;
  for (let i = 0; i < n; i++) if (d[i] > 0) wPlus += ranks[i];
  const total = (n * (n + 1)) / 2;
  const wMinus = total - wPlus;
  if (n <= WILCOXON_EXACT_MAX) return { n, wPlus, wMinus, p: exactSignedRankP(ranks, wPlus), method: 'exact' };
  // Tie correction: each group of t equal |d| lowers the variance by (t³ − t) / 48.
  let ties = 0;
  const counts = new Map<number, number>();
  for (const r of ranks) counts.set(r, (counts.get(r) ?? 0) + 1);
  for (const t of counts.values()) ties += (t * t * t - t) / 48;
  const variance = (n * (n + 1) * (2 * n + 1)) / 24 - ties;
  const diff = wPlus - total / 2;
  const z = variance > 0 ? Math.max(0, Math.abs(diff) - 0.5) / Math.sqrt(variance) : 0;
  return { n, wPlus, wMinus, p: Math.min(1, 2 * (1 - normalCdf(z))), method: 'normal' };
}

/** P-value from the exact null distribution of W+: ranks doubled so that midranks are integers. */
function exactSignedRankP(ranks: readonly number[], wPlus: number): number {
  const doubled = ranks.map((r) => Math.round(2 * r));
  const max = doubled.reduce((s, r) => s + r, 0);
  let prob = new Float64Array(max + 1);
  prob[0] = 1;
  for (const r of doubled) {
    const next = new Float64Array(max + 1);
    for (let s = 0; s <= max; s++) {
      if (prob[s] === 0) continue;
      next[s] += prob[s] / 2;
      next[s + r] += prob[s] / 2;
    }
    prob = next;
  }
  const w = Math.round(2 * wPlus);
  let below = 0;
  let above = 0;
  for (let s = 0; s <= max; s++) {
    if (s <= w) below += prob[s];
    if (s >= w) above += prob[s];
  }
  return Math.min(1, 2 * Math.min(below, above));
}
