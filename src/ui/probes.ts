/**
 * The test hooks' entry: window.__routelab, read by the end-to-end tests and `npm run bench --
 * neural-latency`. main.tsx loads it only on the dev server and in builds made with
 * `vite build --mode probes` (the e2e servers and the benchmark make those), so a production
 * build holds none of it (tests/ui/main-bundle.test.ts).
 *
 * Every `*-probe.ts` under src/ui is a hook that adds itself to `probe` when imported; this is
 * the only module that imports them, so a new hook needs no wiring in the app.
 */
import { probe, watchRuns, type RoutelabProbe } from '../store/probe';

import.meta.glob('./**/*-probe.ts', { eager: true });

watchRuns();

(globalThis as { __routelab?: RoutelabProbe }).__routelab = probe;
