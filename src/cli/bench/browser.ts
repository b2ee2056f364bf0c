/**
 * What the browser benchmarks share: building the app, serving the build with `vite preview`
 * (which sends the COOP/COEP headers that give onnxruntime-web its threads), and the flags for
 * Debian's headless Chromium (never a Playwright-downloaded browser).
 */
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { REPO_ROOT } from '../io';

// Without the networking flags Chromium keeps trying to reach the internet.
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-dev-shm-usage'];

export const CHROMIUM = '/usr/bin/chromium';

/** Where the builds with the test hooks go (playwright.config.ts uses it too), apart from dist/. */
export const PROBES_DIST = 'dist-probes';

/**
 * `vite build` (into `outDir`, default dist/); throws if it fails. `probes`: a production build
 * plus the test hooks (window.__routelab), for benchmarks that drive the page through them.
 */
export function buildApp(outDir?: string, options: { probes?: boolean } = {}): void {
  const args = ['vite', 'build', ...(options.probes ? ['--mode', 'probes'] : []), ...(outDir ? ['--outDir', outDir, '--emptyOutDir'] : [])];
  const build = spawnSync('npx', args, { cwd: REPO_ROOT, stdio: 'ignore' });
  if (build.status !== 0) throw new Error('vite build failed');
}

export async function waitForServer(child: ChildProcess, url: string): Promise<void> {
  for (let i = 0; i < 100; i++) {
    if (child.exitCode !== null) throw new Error('vite preview exited');
    try {
      const res = await fetch(url);
      if (res.ok) return;
    } catch {
      // not up yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error(`vite preview did not answer on ${url}`);
}

/** `vite preview` of the build on `port` (its own process group, so stop() ends the whole tree). */
export function spawnPreview(port: number, outDir?: string): ChildProcess {
  return spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', ...(outDir ? ['--outDir', outDir] : [])], { cwd: REPO_ROOT, stdio: 'ignore', detached: true });
}

export function stopPreview(child: ChildProcess): void {
  if (!child.pid || child.exitCode !== null) return; // never started, or already gone (port taken)
  process.kill(-child.pid);
}
