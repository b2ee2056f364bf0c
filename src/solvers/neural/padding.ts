/**
 * Encoder feeds for several VRP instances in one batch (decode.ts's decodeMany): each padded to a
 * common size with copies of its depot, so that instances of different sizes share one encoder
 * call and one decoder call per step. Kept apart from features.ts, the TS twin of the Python
 * features that the parity fixtures fingerprint: padding has no Python counterpart.
 */
import type { Instance } from '../../core/instance';
import type { Rng } from '../../core/random';
import type { NeuralProblem } from './env';
import { NODE_FEATURES, encoderFeeds, type EncoderFeeds, type Normalised } from './features';

/** Node feature columns of a padding node that differ from the depot's: is_depot and demand 0; for acvrptw, service 0. */
const PAD_ZEROED: Record<NeuralProblem, number[]> = { atsp: [], acvrp: [3, 4], acvrptw: [3, 4, 7] };

/**
 * Several VRP instances' feeds in one batch of size N (item-major: item g's augmentation a is
 * row g·A + a). An item with n < N is padded with N − n copies of its depot that carry no demand
 * and are not a depot: their distances, durations, angles and sampled features are the depot's,
 * so the real nodes see the same matrices as alone, plus a few nodes where the depot is. The
 * decoder never offers them (decodeMany masks them). Each item's neighbour draws come from
 * `rng` in item order, as encoderFeeds draws them.
 */
export function paddedFeeds(problem: NeuralProblem, items: { inst: Instance; norm: Normalised }[], N: number, k: number, augs: number[], rng: Rng): EncoderFeeds {
  // ATSP windows (tour-windows.ts) batch items of one size: nothing to pad.
  if (problem === 'atsp' && items.some(({ inst }) => inst.n < N)) throw new RangeError('paddedFeeds: ATSP has no depot to pad with');
  const A = augs.length;
  const F = NODE_FEATURES[problem];
  const B = items.length * A;
  const nodes = new Float32Array(B * N * F);
  const rowFeat = new Float32Array(B * N * k);
  const colFeat = new Float32Array(B * N * k);
  const dist = new Float32Array(B * N * N);
  const angle = new Float32Array(B * N * N);
  const dur = problem === 'acvrptw' ? new Float32Array(B * N * N) : null;
  items.forEach(({ inst, norm }, g) => {
    const n = inst.n;
    if (n > N) throw new RangeError(`paddedFeeds: an item has ${n} nodes, more than the batch size ${N}`);
    const one = encoderFeeds(problem, inst, norm, k, augs, rng);
    const src = (i: number) => (i < n ? i : 0);
    for (let a = 0; a < A; a++) {
      const row = g * A + a;
      const square = (from: Float32Array, to: Float32Array, stride: number) => {
        for (let i = 0; i < N; i++) {
          const s = a * stride + src(i) * n;
          const o = row * N * N + i * N;
          for (let j = 0; j < N; j++) to[o + j] = from[s + src(j)];
        }
      };
      square(one.dist, dist, n * n);
      if (dur && one.dur) square(one.dur, dur, n * n);
      square(one.angle, angle, n * n);
      // Node i of the batch row takes the per-node feature row of src(i) in augmentation a.
      const perNode = (from: Float32Array, to: Float32Array, width: number, i: number) => to.set(from.subarray((a * n + src(i)) * width, (a * n + src(i) + 1) * width), (row * N + i) * width);
      for (let i = 0; i < N; i++) {
        perNode(one.nodes, nodes, F, i);
        if (i >= n) for (const f of PAD_ZEROED[problem]) nodes[(row * N + i) * F + f] = 0;
        perNode(one.rowFeat, rowFeat, k, i);
        perNode(one.colFeat, colFeat, k, i);
      }
    }
  });
  return { A: B, n: N, k, nodes, rowFeat, colFeat, dist, angle, dur };
}
