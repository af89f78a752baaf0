/**
 * What a phone downloads for its first screen: the built web app (web/dist, precompressed brotli
 * and gzip) served by the real server with the demo village, opened in Debian's Chromium. The
 * grid member's phone app (/m/field, phone size) and the chief's console (/console, desktop
 * size), each in a fresh browser context, signed in: the JS and CSS the page itself fetched until
 * its first screen shows (the household list; the overview's counts), as transferred
 * (compressed, headers excluded), and the largest files. Then the grid member's first screen
 * under Chromium's throttling (400 kbps both ways, 400 ms round trip, CPU 4× slower): cold (empty
 * cache) and warm (reload: the service worker and HTTP cache answer).
 */
import { execFileSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { chromium, type Browser, type CDPSession, type Page } from '@playwright/test';
import { DEMO_PASSWORD, createDemoAccounts } from '../../server/src/modules/demo/accounts';
import { loadDemo } from '../../server/src/modules/demo/load';
import type { BenchEnv } from '../lib/env';
import { serve } from '../lib/serve';
import type { BenchCase, Row } from '../lib/types';

const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
const PHONE_GOAL_KB = 150;
const COLD_GOAL_MS = 5000;
const WARM_GOAL_MS = 1500;

const phone = { viewport: { width: 390, height: 844 }, isMobile: true, hasTouch: true, deviceScaleFactor: 2 };
const desktop = { viewport: { width: 1440, height: 900 } };

interface Fetched {
  url: string;
  type: string;
  bytes: number;
  encoding: string;
}

async function signIn(base: string, login: string) {
  const res = await fetch(`${base}/api/v1/auth/sign-in`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ login, password: DEMO_PASSWORD }),
  });
  if (res.status !== 200) throw new Error(`sign-in of ${login}: ${res.status}`);
  return res.headers.getSetCookie().map((c) => {
    const [pair] = c.split(';');
    const i = pair.indexOf('=');
    return { name: pair.slice(0, i), value: pair.slice(i + 1), url: base };
  });
}

/** Every response of the page with its transferred size (CDP's encodedDataLength: body as sent, plus headers). */
function record(cdp: CDPSession) {
  const seen = new Map<string, Fetched>();
  const done: Fetched[] = [];
  cdp.on('Network.responseReceived', (e) => {
    const headers = e.response.headers as Record<string, string>;
    const encoding = Object.entries(headers).find(([k]) => k.toLowerCase() === 'content-encoding')?.[1] ?? 'identity';
    seen.set(e.requestId, { url: e.response.url, type: e.type, bytes: 0, encoding });
  });
  cdp.on('Network.loadingFinished', (e) => {
    const f = seen.get(e.requestId);
    if (f) done.push({ ...f, bytes: e.encodedDataLength });
  });
  return () => done.filter((f) => f.type === 'Script' || f.type === 'Stylesheet');
}

async function firstScreen(browser: Browser, base: string, login: string, app: 'phone' | 'console') {
  const context = await browser.newContext({ ...(app === 'phone' ? phone : desktop), serviceWorkers: 'block' });
  await context.addCookies(await signIn(base, login));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.setCacheDisabled', { cacheDisabled: true });
  const files = record(cdp);
  await page.goto(`${base}${app === 'phone' ? '/m/field' : '/console'}`);
  await ready(page, app);
  const list = files();
  await context.close();
  return list;
}

const ready = (page: Page, app: 'phone' | 'console') =>
  page
    .locator(app === 'phone' ? '[data-testid="m-household"]' : '[data-testid="stat-households"]')
    .first()
    .waitFor({ state: 'visible', timeout: 120_000 });

async function throttled(browser: Browser, base: string, login: string) {
  const context = await browser.newContext({ ...phone });
  await context.addCookies(await signIn(base, login));
  const page = await context.newPage();
  const cdp = await context.newCDPSession(page);
  await cdp.send('Network.enable');
  await cdp.send('Network.emulateNetworkConditions', {
    offline: false,
    latency: 400,
    downloadThroughput: 400_000 / 8,
    uploadThroughput: 400_000 / 8,
  });
  await cdp.send('Emulation.setCPUThrottlingRate', { rate: 4 });
  let t = Date.now();
  await page.goto(`${base}/m/field`);
  await ready(page, 'phone');
  const cold = Date.now() - t;
  // The service worker precaches the phone app in the background: let it finish, then reload.
  await page.evaluate(() => navigator.serviceWorker?.ready.then(() => undefined));
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 120_000 });
  t = Date.now();
  await page.reload();
  await ready(page, 'phone');
  const warm = Date.now() - t;
  await context.close();
  return { cold, warm };
}

const kb = (n: number) => Math.round(n / 102.4) / 10;
const sum = (l: Fetched[]) => l.reduce((a, f) => a + f.bytes, 0);
const largest = (l: Fetched[], n = 8) =>
  [...l]
    .sort((a, b) => b.bytes - a.bytes)
    .slice(0, n)
    .map((f) => `${new URL(f.url).pathname.replace('/assets/', '')} ${kb(f.bytes)} KB`)
    .join(', ');

async function run(env: BenchEnv): Promise<Row[]> {
  env.log('building the web app if it is stale');
  execFileSync('node', ['scripts/ensure-web.mjs'], { cwd: root, stdio: 'inherit' });
  env.log('loading the demo village');
  const db = await env.freshDb('web');
  await loadDemo(db.ctx);
  const logins = await createDemoAccounts(db.ctx);
  const login = (role: string) => logins.find((l) => l.role === role)!.login;
  await db.release();
  const app = await serve({ kind: 'app', target: db.target, web: true });
  const browser = await chromium.launch({
    executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update'],
  });
  try {
    const phoneFiles = await firstScreen(browser, app.base, login('gridMember'), 'phone');
    const consoleFiles = await firstScreen(browser, app.base, login('chief'), 'console');
    const encodings = [...new Set(phoneFiles.map((f) => f.encoding))].join(', ');
    env.note(`Grid member's first screen (/m/field), largest files: ${largest(phoneFiles)}.`);
    env.note(`Chief's console first screen (/console), largest files: ${largest(consoleFiles)}.`);
    const rows: Row[] = [
      {
        metric: "grid member's phone first screen: JS+CSS transferred",
        value: kb(sum(phoneFiles)),
        unit: 'KB',
        goal: `≤ ${PHONE_GOAL_KB} KB`,
        pass: sum(phoneFiles) <= PHONE_GOAL_KB * 1024,
        note: `${phoneFiles.length} files, ${encodings}`,
      },
      {
        metric: "chief's console first screen: JS+CSS transferred",
        value: kb(sum(consoleFiles)),
        unit: 'KB',
        note: `${consoleFiles.length} files`,
      },
    ];
    env.log('throttled first screen (400 kbps, 400 ms, CPU ×4)');
    const t = await throttled(browser, app.base, login('gridMember'));
    rows.push(
      {
        metric: "grid member's first screen, throttled, cold",
        value: t.cold,
        unit: 'ms',
        goal: `≤ ${COLD_GOAL_MS} ms`,
        pass: t.cold <= COLD_GOAL_MS,
        note: 'households visible; 400 kbps, 400 ms RTT, CPU ×4',
      },
      {
        metric: "grid member's first screen, throttled, warm",
        value: t.warm,
        unit: 'ms',
        goal: `≤ ${WARM_GOAL_MS} ms`,
        pass: t.warm <= WARM_GOAL_MS,
        note: 'reload: service worker precache + HTTP cache',
      },
    );
    return rows;
  } finally {
    await browser.close();
    await app.stop();
  }
}

const webCase: BenchCase = {
  name: 'web',
  title: 'First screen: what the phone app and the console download',
  description:
    "The built web app served by the server (precompressed brotli/gzip) in Debian's Chromium, signed in: the JS+CSS the page fetched until its first screen shows (grid member: /m/field at 390×844, the household list; chief: /console at 1440×900, the overview's counts), as transferred, HTTP cache and service worker off. Then the grid member's first screen with Chromium's throttling (400 kbps, 400 ms, CPU ×4), cold and warm.",
  run,
};

export default webCase;
