/**
 * End-to-end tests in Debian's Chromium (never a Playwright-downloaded browser), in two projects:
 * "build" runs every story against a production build served by `vite preview`; "dev" runs the
 * stories in e2e/dev/ against Vite's dev server, which is what the README's `npm start` opens.
 *
 * The stories read the page through its test hooks (window.__routelab, src/ui/probes.ts), which
 * a production build leaves out: the build server makes its own build with `--mode probes`
 * (production plus the hooks) in dist-probes/, never touching dist/. The dev server always has
 * them. ROUTELAB_E2E_PORT, ROUTELAB_E2E_DEV_PORT and ROUTELAB_E2E_OUT let a second checkout or
 * user run the stories beside the first.
 */
import { defineConfig } from '@playwright/test';

const PORT = Number(process.env.ROUTELAB_E2E_PORT ?? 4173);
const DEV_PORT = Number(process.env.ROUTELAB_E2E_DEV_PORT ?? 5174);
const OUT_DIR = process.env.ROUTELAB_E2E_OUT ?? 'dist-probes';

export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results',
  workers: 1,
  fullyParallel: false,
  forbidOnly: !!process.env.CI,
  retries: 0,
  timeout: 90_000,
  expect: { timeout: 30_000 },
  reporter: process.env.CI ? [['list']] : [['list'], ['html', { open: 'never', outputFolder: 'playwright-report' }]],
  projects: [
    { name: 'build', testIgnore: 'dev/**', use: { baseURL: `http://localhost:${PORT}` } },
    { name: 'dev', testMatch: ['dev/**/*.spec.ts', 'smoke.spec.ts'], use: { baseURL: `http://localhost:${DEV_PORT}` } },
  ],
  use: {
    viewport: { width: 1280, height: 800 },
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
    launchOptions: {
      executablePath: '/usr/bin/chromium',
      // Without the networking flags Chromium keeps trying to reach the internet.
      args: [
        '--headless',
        '--no-sandbox',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--no-first-run',
        '--disable-dev-shm-usage',
      ],
    },
  },
  webServer: [
    {
      command: `npx vite build --mode probes --outDir ${OUT_DIR} --emptyOutDir --logLevel warn && npx vite preview --outDir ${OUT_DIR} --port ${PORT} --strictPort`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 180_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
    {
      command: `npx vite --port ${DEV_PORT} --strictPort`,
      url: `http://localhost:${DEV_PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
      stdout: 'ignore',
      stderr: 'pipe',
    },
  ],
});
