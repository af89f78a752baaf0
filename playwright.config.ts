/**
 * Browser tests in Debian's Chromium against a real server with the demo village, on a fresh
 * database every run: a new SQLite data dir, or (with DATABASE_URL) a new PostgreSQL schema that
 * global-teardown drops. One worker (2-core machines). Projects: `setup` signs in once as the
 * general grid leader; desktop and phone reuse that session; then `activation` (desktop size),
 * which activates the crisis structure and so runs last.
 *
 * E2E_BASE_URL=http://host:port (with E2E_LOGIN=<chief's phone>) runs against a server you
 * started yourself (no webServer).
 */
import { defineConfig } from '@playwright/test';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const PORT = Number(process.env.E2E_PORT ?? 8181);
const external = process.env.E2E_BASE_URL;

// The config is evaluated in the runner and again in each worker: decide the run's database once
// and pass it on through the environment (workers inherit it).
if (!process.env.WANGGE_E2E_RUN) {
  process.env.WANGGE_E2E_RUN = `${Date.now().toString(36)}_${Math.random().toString(36).slice(2, 8)}`;
  if (process.env.DATABASE_URL) process.env.WANGGE_E2E_SCHEMA = `e2e_${process.env.WANGGE_E2E_RUN}`;
  else process.env.WANGGE_E2E_DATA_DIR = fs.mkdtempSync(path.join(os.tmpdir(), 'wangge-e2e-'));
  process.env.WANGGE_E2E_AUTH = path.join(os.tmpdir(), `wangge-e2e-auth-${process.env.WANGGE_E2E_RUN}.json`);
}
const storageState = process.env.WANGGE_E2E_AUTH!;

// Several roles sign in during a run: allow more sign-ins per minute than production's 10.
const serverEnv: Record<string, string> = {
  PORT: String(PORT),
  WANGGE_DEMO: '1',
  LOG_LEVEL: 'warn',
  WANGGE_SIGNIN_PER_MINUTE: '200',
};
if (process.env.DATABASE_URL) {
  serverEnv.DATABASE_URL = process.env.DATABASE_URL;
  serverEnv.DATABASE_SCHEMA = process.env.WANGGE_E2E_SCHEMA!;
} else {
  serverEnv.WANGGE_DATA_DIR = process.env.WANGGE_E2E_DATA_DIR!;
}

const launchOptions = {
  executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
  args: [
    '--no-sandbox',
    '--disable-gpu',
    '--disable-background-networking',
    '--disable-component-update',
    '--disable-sync',
  ],
};

// WANGGE_TEST_SCOPE=backend (scripts/test.mjs): the phone project runs only the phone-only flows
// (specs named *phone* or *mobile* or *offline*); the flows the desktop project runs too are not run twice.
const backendOnly = process.env.WANGGE_TEST_SCOPE === 'backend';
const phoneOnly = /(phone|mobile|offline)[^/]*\.spec\.ts$/;

const desktop = { viewport: { width: 1366, height: 900 } };
const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };

export default defineConfig({
  testDir: 'tests/e2e',
  testMatch: '*.spec.ts',
  workers: 1,
  fullyParallel: false,
  retries: 0,
  // Sized for a loaded 2-core machine (a passing test never waits for these; a stuck one does):
  // under a load average of 15 a page can take 20 s to render and a spec several minutes.
  timeout: 240_000,
  expect: { timeout: 45_000 },
  reporter: process.env.CI ? [['list'], ['html', { open: 'never' }]] : [['list']],
  outputDir: 'test-results',
  globalTeardown: './tests/e2e/global-teardown.ts',
  use: {
    baseURL: external ?? `http://127.0.0.1:${PORT}`,
    locale: 'zh-CN',
    timezoneId: 'Asia/Shanghai',
    launchOptions,
    trace: 'retain-on-failure',
    screenshot: 'only-on-failure',
  },
  projects: [
    { name: 'setup', use: desktop, testMatch: 'auth.setup.ts' },
    // The points console is tested at desktop size, the phone apps at phone size: each project loads only its own.
    {
      name: 'desktop',
      use: { ...desktop, storageState },
      testIgnore: ['activation.spec.ts', 'points-phone.spec.ts', 'phone-app.spec.ts'],
      dependencies: ['setup'],
    },
    {
      name: 'phone',
      use: { ...phone, storageState },
      ...(backendOnly ? { testMatch: phoneOnly } : {}),
      testIgnore: ['activation.spec.ts', 'points-console.spec.ts', 'live.spec.ts'], // live.spec sizes its own contexts
      dependencies: ['setup'],
    },
    {
      name: 'activation',
      use: { ...desktop, storageState },
      testMatch: 'activation.spec.ts',
      dependencies: ['desktop', 'phone'],
    },
  ],
  webServer: external
    ? undefined
    : {
        command: 'npx tsx server/src/cli.ts serve',
        url: `http://127.0.0.1:${PORT}/api/health`,
        env: serverEnv,
        reuseExistingServer: false,
        timeout: 120_000,
        stdout: 'pipe',
        stderr: 'pipe',
      },
});
