/**
 * Live screens, each role in its own browser context: when the evaluator approves a proposal, the
 * grid member's open proposals and the villager's points change without a reload; the villager's
 * phone, offline meanwhile, resumes its stream when it comes back and hears the approval exactly
 * once. Runs in the desktop project; the phones are phone-sized contexts of their own.
 */
import { expect, test, type Page, type TestInfo } from '@playwright/test';
import type { LiveState } from '../../web/src/lib/useLiveEvents';
import { dropProxy, type DropProxy } from './drop-proxy';
import { shot } from './helpers';
import {
  apiAs,
  baseURLOf,
  closeAll,
  phoneSize,
  runTag,
  signInPage,
  villagerHousehold,
  type ApiClient,
} from './points-helpers';

test.describe.configure({ mode: 'serial' });

const wide = { viewport: { width: 1440, height: 900 }, isMobile: false, hasTouch: false, deviceScaleFactor: 1 };

let member: Page | undefined;
let villager: Page | undefined;
let evaluator: Page | undefined;
let memberApi: ApiClient | undefined;
let villagerApi: ApiClient | undefined;
let network: DropProxy | undefined;

test.afterAll(async () => {
  await closeAll(member, villager, evaluator);
  await network?.close();
  await memberApi?.close();
  await villagerApi?.close();
});

/** The page's live stream, as the web hook reports it (web/src/lib/useLiveEvents.ts). */
const live = (page: Page) =>
  page.evaluate(() => (window as unknown as { __wanggeLive?: LiveState }).__wanggeLive ?? null);
const streamOpen = (page: Page) => expect.poll(async () => (await live(page))?.open ?? false).toBe(true);

/** A phone screen, whole: the tab bar (fixed to the bottom) put at the end for the picture. */
async function mshot(page: Page, info: TestInfo, name: string) {
  const style = await page.addStyleTag({
    content: '.wg-m-bottom { position: static !important; } .wg-m-body { padding-bottom: 0 !important; }',
  });
  await expect(page.locator('.adm-toast-main')).toBeHidden();
  await shot(page, info, name, 'phone');
  await style.evaluate((el) => (el as HTMLElement).remove());
}

test("the evaluator approves: the member's open proposals and the villager's points change without a reload", async ({
  browser,
}, info) => {
  test.setTimeout(180_000); // three roles sign in, on a 2-core machine
  const base = baseURLOf(info);
  villagerApi = await apiAs('villager', base);
  memberApi = await apiAs('gridMember', base);
  const household = await villagerHousehold(villagerApi);
  const reason = `帮五保户挑水、劈柴 ${runTag(info)}-live`;
  const proposed = await memberApi.post<{ id: string }>('/points/entries', {
    id: crypto.randomUUID(),
    ruleCode: 'H03',
    target: { kind: 'household', householdId: household.id },
    reason,
    evidence: [],
  });

  // The grid member watches their open proposals, the villager their household's points.
  member = await signInPage(browser, 'gridMember', phoneSize, '/m/field/proposals');
  const waiting = member.getByTestId('proposals-waiting').getByTestId('my-proposal').filter({ hasText: reason });
  await expect(waiting.getByTestId('status-proposed')).toBeVisible();
  network = await dropProxy(); // the villager's phone reaches the server through a network we can cut
  const phoneOnThatNetwork = { ...phoneSize, proxy: network.proxy };
  villager = await signInPage(browser, 'villager', phoneOnThatNetwork, '/m/home');
  const line = villager.getByTestId('entry-line').filter({ hasText: reason });
  await expect(line.getByTestId('status-proposed')).toBeVisible();
  const earnedBefore = Number(await villager.getByTestId('m-earned').textContent());
  evaluator = await signInPage(browser, 'evaluator', wide, '/console/points/review');
  const card = evaluator.getByTestId('proposal').filter({ hasText: reason });
  await expect(card).toHaveCount(1);
  for (const p of [member, villager, evaluator]) {
    await streamOpen(p);
    await p.evaluate(() => ((window as unknown as { __loadedOnce?: boolean }).__loadedOnce = true)); // gone on a reload
  }

  // The villager's phone loses its network: its stream drops.
  network.goOffline();
  await expect.poll(async () => (await live(villager!))?.open).toBe(false);

  await card.getByTestId('approve').click();
  await expect(evaluator.locator('.ant-message')).toContainText('已通过');
  await expect(card).toHaveCount(0);

  // The member's screen changes by itself: the proposal leaves "waiting" and shows as decided.
  await expect(waiting).toHaveCount(0);
  const decided = member.getByTestId('proposals-decided').getByTestId('my-proposal').filter({ hasText: reason });
  await expect(decided.getByTestId('status-published')).toBeVisible();
  expect((await live(member))!.heard.filter((h) => h.type === 'points.entry.approved').length).toBeGreaterThan(0);

  // Back online: the villager's stream resumes from the log and hears the approval, once.
  network.goOnline();
  await expect(line.getByTestId('status-published')).toBeVisible();
  const mine = await villagerApi.get<{ entries: { id: string; effective: number }[] }>('/points/me');
  const effective = mine.entries.find((e) => e.id === proposed.id)!.effective;
  await expect(villager.getByTestId('m-earned')).toHaveText(String(earnedBefore + effective));
  await expect
    .poll(async () => (await live(villager!))!.heard.filter((h) => h.type === 'points.entry.approved').length)
    .toBe(1);
  const seqs = (await live(villager))!.heard.map((h) => h.seq);
  expect(seqs).toEqual([...new Set(seqs)].sort((a, b) => a - b)); // in order, none twice
  // Nothing was reloaded: the same documents.
  for (const p of [member, villager])
    expect(await p.evaluate(() => (window as unknown as { __loadedOnce?: boolean }).__loadedOnce)).toBe(true);

  await mshot(member, info, 'live-field-proposals');
  await mshot(villager, info, 'live-villager-points');
  await shot(evaluator, info, 'live-review');
});

test("a grid member proposes: the evaluator's review queue shows it without a reload", async ({}, info) => {
  // Needs `points.entry.proposed` from the points use cases on the write envelope (branch points-b).
  const page = evaluator!;
  await streamOpen(page);
  const reason = `清理村口水渠 ${runTag(info)}-live-queue`;
  const { items } = await memberApi!.get<{ items: { id: string }[] }>('/households?kind=household&pageSize=5');
  await memberApi!.post('/points/entries', {
    id: crypto.randomUUID(),
    ruleCode: 'H03',
    target: { kind: 'household', householdId: items[0].id },
    reason,
    evidence: [],
  });
  await expect(page.getByTestId('proposal').filter({ hasText: reason })).toHaveCount(1);
  expect(await page.evaluate(() => (window as unknown as { __loadedOnce?: boolean }).__loadedOnce)).toBe(true);
});
