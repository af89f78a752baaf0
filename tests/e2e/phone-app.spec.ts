/**
 * The phone app as people reach it: each demo role signs in at phone size and lands where its
 * work is (grid members and leaders in the field app, villagers on their household's points, the
 * chief and the evaluator in the console); a visible link switches app and the choice is kept.
 * Offline: the grid member's app starts from the service worker's cache, shows the households,
 * accepts a proposal with a photo, keeps it in the outbox and sends it once when the network
 * returns (one entry on the server). Fresh contexts of their own size: phone project only.
 */
import { expect, test, type Browser, type Page, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';
import type { Role } from '../../server/src/db/types';
import { DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { demoLogin } from './chief-login';
import { apiAs, baseURLOf, desktopSize, phoneSize, pngPhoto, runTag } from './points-helpers';

const shotsDir = path.resolve(import.meta.dirname, '../../docs/screenshots');
const wide = { ...desktopSize, viewport: { width: 1440, height: 900 } };

/** What the screen shows (the viewport), at docs/screenshots/<name>-<phone|desktop>.png. */
async function snap(page: Page, name: string) {
  fs.mkdirSync(shotsDir, { recursive: true });
  const size = (page.viewportSize()?.width ?? 0) < 768 ? 'phone' : 'desktop';
  await page.screenshot({ path: path.join(shotsDir, `${name}-${size}.png`) });
}

async function signInFresh(browser: Browser, role: Role | 'villager', size: typeof phoneSize | typeof wide) {
  const context = await browser.newContext({ ...size, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  await signInHere(page, role);
  return page;
}

async function signInHere(page: Page, role: Role | 'villager') {
  await page.goto('/sign-in');
  await page.getByTestId('login').fill(await demoLogin(role));
  await page.getByTestId('password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).not.toHaveURL(/\/sign-in/);
}

test.beforeEach(({}, info: TestInfo) => {
  test.skip(info.project.name !== 'phone', 'fresh contexts of their own size');
});

test('each role signs in at phone size and lands on its own first screen', async ({ browser }) => {
  const member = await signInFresh(browser, 'gridMember', phoneSize);
  await expect(member).toHaveURL(/\/m\/field$/);
  await expect(member.getByTestId('m-title')).toHaveText('我的农户');
  await expect(member.getByTestId('m-household').first()).toBeVisible();
  await expect(member.getByTestId('to-console')).toHaveText('电脑版');
  await snap(member, 'phone-landing-member');
  await member.context().close();

  const villager = await signInFresh(browser, 'villager', phoneSize);
  await expect(villager).toHaveURL(/\/m\/home$/);
  await expect(villager.getByTestId('m-household-points')).toBeVisible();
  await expect(villager.getByTestId('m-available')).toHaveText(/^\d+$/);
  await snap(villager, 'phone-landing-villager');
  await villager.context().close();

  const leader = await signInFresh(browser, 'gridLeader', phoneSize);
  await expect(leader).toHaveURL(/\/m\/field$/);
  await leader.context().close();

  for (const role of ['chief', 'evaluator'] as const) {
    const desk = await signInFresh(browser, role, phoneSize);
    await expect(desk).toHaveURL(/\/console$/);
    await expect(desk.getByTestId('to-phone-app')).toHaveText('手机版');
    await desk.context().close();
  }
});

test('a leader at a desk lands in the console; the switch links go both ways and the choice is kept', async ({
  browser,
}) => {
  const leader = await signInFresh(browser, 'gridLeader', wide);
  await expect(leader).toHaveURL(/\/console$/);
  await leader.context().close();

  const member = await signInFresh(browser, 'gridMember', phoneSize);
  await expect(member).toHaveURL(/\/m\/field$/);
  await member.getByTestId('to-console').click();
  await expect(member).toHaveURL(/\/console$/);
  await expect(member.getByTestId('to-phone-app')).toBeVisible();
  // Kept: signing in again lands in the console.
  await signInHere(member, 'gridMember');
  await expect(member).toHaveURL(/\/console$/);
  await member.getByTestId('to-phone-app').click();
  await expect(member).toHaveURL(/\/m\/field$/);
  await signInHere(member, 'gridMember');
  await expect(member).toHaveURL(/\/m\/field$/);
  await member.context().close();

  const chief = await signInFresh(browser, 'chief', wide);
  await expect(chief.getByTestId('to-phone-app')).toBeVisible();
  await snap(chief, 'console-to-phone-link');
  await chief.context().close();
  const memberWide = await signInFresh(browser, 'gridMember', wide);
  await expect(memberWide).toHaveURL(/\/m\/field$/);
  await expect(memberWide.getByTestId('m-household').first()).toBeVisible();
  await snap(memberWide, 'phone-landing-member');
  await memberWide.context().close();
});

test('offline: the field app starts from the cache, takes a proposal with a photo, and sends it once when the network returns', async ({
  browser,
}, info) => {
  const page = await signInFresh(browser, 'gridMember', phoneSize);
  await expect(page).toHaveURL(/\/m\/field$/);
  await expect(page.getByTestId('m-household').first()).toBeVisible();
  // The service worker takes over, then a reload lets it keep the reads of the field.
  await page.waitForFunction(() => !!navigator.serviceWorker?.controller, undefined, { timeout: 60_000 });
  await page.reload();
  await expect(page.getByTestId('m-household').first()).toBeVisible();
  await expect
    .poll(
      () =>
        page.evaluate(async () => {
          const keys = await (await caches.open('wg-api')).keys();
          const urls = keys.map((k) => new URL(k.url).pathname);
          return (
            urls.some((u) => u.endsWith('/points/rules')) &&
            urls.filter((u) => /\/households\/[^/]+$/.test(u)).length >= 4
          );
        }),
      { timeout: 120_000 },
    )
    .toBe(true);

  await page.context().setOffline(true);
  await page.reload();
  await expect(page.getByTestId('m-title')).toHaveText('我的农户');
  await expect(page.getByTestId('m-household').first()).toBeVisible();
  await snap(page, 'phone-offline-households');

  // The second household, not the first (DHS-0001, the demo villager's, whose points the points-phone spec counts
  // to the cap); prefetched in list order, so it is in the cache once four household pages are.
  await page.getByTestId('m-household').nth(1).click();
  await expect(page.getByTestId('propose-form')).toBeVisible();
  const reason = `离线记分 ${runTag(info)}`;
  await page.getByTestId('rule-picker').locator('.adm-selector-item').first().click();
  await page.getByTestId('reason-input').locator('textarea').fill(reason);
  await page
    .getByTestId('photo-input')
    .setInputFiles({ name: 'photo.png', mimeType: 'image/png', buffer: pngPhoto(9) });
  await expect(page.getByTestId('photo-preview')).toBeVisible();
  await page.getByTestId('propose-submit').click();
  await expect(page.getByTestId('pending-offline')).toHaveText('网络不通，已保存，有信号后自动发送');
  await expect(page.getByTestId('outbox-item')).toHaveCount(1);
  await snap(page, 'phone-offline-saved');

  await page.context().setOffline(false);
  await expect(page.getByTestId('pending-banner')).toHaveCount(0, { timeout: 60_000 });
  await expect(page.getByTestId('outbox-item')).toHaveCount(0);

  const member = await apiAs('gridMember', baseURLOf(info));
  const mine = await member.get<{ items: { reason: string }[] }>('/points/entries?mine=1');
  expect(mine.items.filter((e) => e.reason === reason)).toHaveLength(1);
  await member.close();
  await page.context().close();
});
