/**
 * End-to-end tests in Debian's Chromium (never a Playwright-downloaded browser), in two projects:
 * "build" runs every story against the production build served by `vite preview`
 * (`npm run test:e2e` builds first); "dev" runs the stories in e2e/dev/ against Vite's dev
 * server, which is what the README's `npm start` opens.
 */
import { defineConfig } from '@playwright/test';

const PORT = 4173;
const DEV_PORT = 5174;

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
      command: `npx vite preview --port ${PORT} --strictPort`,
      url: `http://localhost:${PORT}`,
      reuseExistingServer: !process.env.CI,
      timeout: 60_000,
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
