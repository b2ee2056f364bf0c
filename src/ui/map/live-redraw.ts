/**
 * How often the map may redraw a run that is still going. A redraw costs the page very
 * different amounts: a few milliseconds with a GPU, a second or more with software WebGL on a
 * busy machine (every frame is read back on the main thread). Live redraws therefore get a share
 * of the page's time, measured from the previous draw, so that progress keeps flowing; final
 * results are drawn at once.
 */

/** At most this share of wall time goes to live redraws. */
const LIVE_SHARE = 0.1;
const MIN_INTERVAL_MS = 1000;

/** Milliseconds to wait before drawing a live solution (0: draw now). */
export function liveRedrawDelay(now: number, lastDraw: { endedAt: number; costMs: number } | null): number {
  if (!lastDraw) return 0;
  const interval = Math.max(MIN_INTERVAL_MS, lastDraw.costMs / LIVE_SHARE);
  return Math.max(0, lastDraw.endedAt + interval - now);
}

/**
 * Whether solver runs take every core, leaving none to the page. Live redraws then wait for a
 * run to end (final results are still drawn at once): a map frame has to share a core with the
 * solvers, and with software WebGL it then takes 50–150 ms however little is drawn (measured
 * with two runs on two cores: a bare repaint went from 17–33 ms to a median of ~100 ms).
 * The pool keeps a core free wherever it can (one worker per core but one); on a dual-core
 * machine two runs side by side take both.
 */
export function coresSaturated(runningSolvers: number, cores: number | undefined): boolean {
  const n = cores !== undefined && Number.isFinite(cores) && cores > 0 ? Math.floor(cores) : 2;
  return runningSolvers >= n;
}
