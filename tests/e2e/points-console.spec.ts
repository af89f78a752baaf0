/**
 * The points console at desktop size: the evaluator's review queue (approve, reject, rule on an
 * objection, substantiate a villager's report), and the general grid leader's pages — standings
 * with charts, the printable board, an appeal (listed from GET …/objections), the rule catalogue
 * and a rule's versions, shop goods (taken off the shelf and put back) and pick-ups, and a
 * settlement refused while work is pending. Data the pages act on is prepared through the API by
 * the roles that would make it (grid member, villager), each signed in on its own. The changed
 * pages are also shot at phone size.
 */
import { expect, test } from '@playwright/test';
import path from 'node:path';
import { inputOf, shot } from './helpers';
import {
  apiAs,
  baseURLOf,
  desktopSize,
  phoneSize,
  runTag,
  signInPage,
  villagerHousehold,
  type ApiClient,
} from './points-helpers';

const shotPath = (info: { project: { name: string } }, name: string, project = info.project.name) =>
  path.resolve(import.meta.dirname, '../../docs/screenshots', `${name}-${project}.png`);

interface HouseholdRow {
  id: string;
  number: string;
}
interface BoardEntry {
  id: string;
  status: string;
  publishedUntil: number | null;
  account: { kind?: string; name?: string | null };
}
interface Board {
  period: { label: string };
  entries: BoardEntry[];
  standings: { households: { number: string; balance: number }[] };
}

/** A household of the demo grid member other than the demo villager's (DHS-0001 is the phone spec's). */
async function otherHousehold(member: ApiClient, villager: ApiClient, index: number): Promise<HouseholdRow> {
  const own = await villagerHousehold(villager);
  const { items } = await member.get<{ items: HouseholdRow[] }>('/households?kind=household&pageSize=20');
  return items.filter((h) => h.id !== own.id)[index];
}

/** An entry still open for objection and not yet disputed (the demo's disputed one is left alone), not of the given household. */
async function objectableEntry(client: ApiClient, notNumber: string): Promise<BoardEntry> {
  const board = await client.get<Board>('/points/board');
  const e = board.entries.find(
    (x) =>
      x.status === 'published' &&
      (x.publishedUntil ?? 0) > Date.now() &&
      x.account.name !== notNumber &&
      x.account.kind === 'household',
  );
  expect(e, 'an entry in publication').toBeTruthy();
  return e!;
}

test('evaluator: approves one proposal, rejects another with a reason, rules on an objection', async ({
  browser,
}, info) => {
  const tag = runTag(info);
  const member = await apiAs('gridMember', baseURLOf(info));
  const villager = await apiAs('villager', baseURLOf(info));
  const h = await otherHousehold(member, villager, 0);
  const good = `参加村里清扫河道志愿活动 ${tag}`;
  const weak = `配合登记疫苗接种 ${tag}`;
  await member.post('/points/entries', {
    id: `${tag}-h03`,
    ruleCode: 'H03',
    target: { kind: 'household', householdId: h.id },
    reason: good,
    evidence: [],
  });
  await member.post('/points/entries', {
    id: `${tag}-h04`,
    ruleCode: 'H04',
    target: { kind: 'household', householdId: h.id },
    reason: weak,
    evidence: [],
  });
  // The evaluator's own proposal (a special bonus for the grid member) waits for someone else.
  const evaluatorApi = await apiAs('evaluator', baseURLOf(info));
  const ownText = `连夜排查独居老人家中电线 ${tag}`;
  const own = await evaluatorApi.post<{ id: string }>('/points/entries', {
    id: `${tag}-m04`,
    ruleCode: 'M04',
    target: { kind: 'member', personId: member.me.personId },
    reason: ownText,
    evidence: [],
  });
  const ownHousehold = await villagerHousehold(villager);
  const target = await objectableEntry(villager, ownHousehold.number);
  const objection = `这户最近没有参加活动，积分有误 ${tag}`;
  await villager.post(`/points/entries/${target.id}/objections`, { reason: objection });

  const page = await signInPage(browser, 'evaluator', desktopSize, '/console/points/review');
  await expect(page.getByTestId('page-title')).toHaveText('积分审核');
  const approveCard = page.getByTestId('proposal').filter({ hasText: good });
  const rejectCard = page.getByTestId('proposal').filter({ hasText: weak });
  await expect(approveCard).toContainText(h.number);
  await expect(approveCard).toContainText('H03 参加志愿服务');
  await expect(approveCard).toContainText('+10');
  await expect(approveCard).toContainText('李诗涵 提出');
  const ownCard = page.getByTestId('proposal').filter({ hasText: ownText });
  await expect(ownCard.getByTestId('own-proposal')).toHaveText('本人提出，须由他人审核');
  await expect(ownCard.getByTestId('approve')).toHaveCount(0);
  await shot(page, info, 'points-review');
  await evaluatorApi.post(`/points/entries/${own.id}/withdraw`);
  await evaluatorApi.close();

  await approveCard.getByTestId('approve').click();
  await expect(page.locator('.ant-message')).toContainText('已通过，进入公示');
  await expect(approveCard).toHaveCount(0);

  await rejectCard.getByTestId('reject').click();
  const dialog = page.locator('.ant-modal');
  await expect(dialog).toContainText('驳回积分');
  await expect(page.getByTestId('reject-ok')).toBeDisabled();
  await dialog.getByTestId('reject-reason').fill('未见登记材料，请补充后重新提出');
  await page.getByTestId('reject-ok').click();
  await expect(page.locator('.ant-message')).toContainText('已驳回');
  await expect(rejectCard).toHaveCount(0);

  const account = await member.get<{ entries: { reason: string; status: string; reviewNote: string | null }[] }>(
    `/points/accounts?householdId=${h.id}`,
  );
  expect(account.entries.find((e) => e.reason === good)?.status).toBe('published');
  expect(account.entries.find((e) => e.reason === weak)).toMatchObject({
    status: 'rejected',
    reviewNote: '未见登记材料，请补充后重新提出',
  });

  // The objection: upheld, with the ruling.
  await page.getByTestId('tab-objections').click();
  const card = page.getByTestId('objection').filter({ hasText: objection });
  await expect(card).toContainText('待裁定');
  await expect(card.getByTestId('uphold')).toBeDisabled();
  await card.getByTestId('ruling-text').fill('经入户核实，该户确有参加，积分成立');
  await shot(page, info, 'points-review-objections');
  await card.getByTestId('uphold').click();
  await expect(page.locator('.ant-message')).toContainText('已维持原积分');
  await expect(card).toHaveCount(0);

  await page.context().close();
  await member.close();
  await villager.close();
});

test('evaluator: a villager report on a grid member is substantiated under a deduction rule', async ({
  browser,
}, info) => {
  const tag = runTag(info);
  const villager = await apiAs('villager', baseURLOf(info));
  const own = await villagerHousehold(villager);
  const subject = own.gridMembers[0];
  const text = `网格员让我在没做的事上签字 ${tag}`;
  await villager.post('/points/reports', { subjectPersonId: subject.personId, description: text, evidence: [] });

  const page = await signInPage(browser, 'evaluator', desktopSize, '/console/points/review?tab=reports');
  const card = page.getByTestId('report').filter({ hasText: text });
  await expect(card).toContainText(`举报网格员 ${subject.name}`);
  await expect(card).toContainText('待查处');
  await card.getByTestId('report-rule').click();
  await page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: 'M06' }).click();
  await expect(card.getByTestId('report-rule')).toContainText('M06 群众举报查实');
  await card.getByTestId('report-ruling').fill('经调查属实，按细则扣分');
  await shot(page, info, 'points-review-reports');
  await card.getByTestId('report-submit').click();
  await expect(page.locator('.ant-message')).toContainText('举报查实，已扣分并公示');
  await expect(card).toHaveCount(0);
  await expect(page.getByText(text)).toBeVisible(); // now among the reports ruled on

  // The reporter sees the outcome; the grid member has the deduction, and never the reporter.
  const mine = await villager.get<{ items: { description: string; status: string; ruling: string }[] }>(
    '/points/reports',
  );
  expect(mine.items.find((r) => r.description === text)).toMatchObject({
    status: 'substantiated',
    ruling: '经调查属实，按细则扣分',
  });
  const member = await apiAs('gridMember', baseURLOf(info));
  const account = await member.get<{ entries: { ruleCode: string | null; effective: number; reason: string }[] }>(
    '/points/me',
  );
  expect(account.entries.find((e) => e.ruleCode === 'M06' && e.reason.includes('经调查属实'))?.effective).toBe(-20);
  const seen = await member.get<{ items: Record<string, unknown>[] }>('/points/reports');
  for (const r of seen.items) expect(r).not.toHaveProperty('reporterAccount');
  await page.context().close();
  await member.close();
  await villager.close();
});

test('chief: standings with charts, and the printable board', async ({ page }, info) => {
  await page.goto('/console/points');
  await expect(page.getByTestId('page-title')).toHaveText('积分榜');
  const members = page.getByTestId('member-standings');
  await expect(members.locator('tr.ant-table-row').first().locator('td').first()).toHaveText('1');
  await expect(page.getByTestId('household-standings').locator('tr.ant-table-row').first()).toContainText(/DHS-\d+/);
  await expect(page.getByTestId('chart-by-grid').locator('canvas')).toBeVisible();
  await expect(page.getByTestId('chart-by-month').locator('canvas')).toBeVisible();
  await shot(page, info, 'points-standings');

  await page.getByTestId('to-board').click();
  await expect(page).toHaveURL(/\/console\/points\/board$/);
  await expect(page.getByTestId('page-title')).toContainText('大华山村');
  await expect(page.getByTestId('page-title')).toContainText('年度积分公示');
  await expect(page.getByTestId('board-table').locator('tr.ant-table-row').first()).toBeVisible();
  await expect(page.getByTestId('points-board')).toContainText('防篡改校验通过');
  await shot(page, info, 'points-board');

  await page.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
  await page.getByTestId('board-print').click();
  await expect.poll(() => page.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await page.emulateMedia({ media: 'print' });
  await expect(page.getByTestId('nav-menu')).toBeHidden();
  await expect(page.getByTestId('board-print')).toBeHidden();
  await expect(page.getByTestId('page-title')).toBeVisible();
  await shot(page, info, 'points-board-print');
  await page.emulateMedia({ media: 'screen' });
});

test('chief: rules on an appeal against the evaluator’s ruling', async ({ page }, info) => {
  const tag = runTag(info);
  const villager = await apiAs('villager', baseURLOf(info));
  const evaluator = await apiAs('evaluator', baseURLOf(info));
  const own = await villagerHousehold(villager);
  const target = await objectableEntry(villager, own.number);
  const o = await villager.post<{ id: string }>(`/points/entries/${target.id}/objections`, {
    reason: `这户的垃圾分类并不达标 ${tag}`,
  });
  await evaluator.post(`/points/objections/${o.id}/ruling`, { decision: 'uphold', ruling: '抽查合格，维持' });
  const appeal = `抽查那天是提前打过招呼的，平时并不分类 ${tag}`;
  await villager.post(`/points/objections/${o.id}/appeal`, { reason: appeal });

  const listed = page.waitForResponse((r) => r.url().includes('/points/objections?status=appealed') && r.ok());
  await page.goto('/console/points/appeals');
  await expect(page.getByTestId('page-title')).toHaveText('申诉裁定');
  await expect(page.getByTestId('nav-menu').locator('.ant-menu-item-selected')).toHaveText('申诉裁定'); // not 积分榜, whose path is a prefix
  expect(((await (await listed).json()) as { items: { id: string }[] }).items.map((x) => x.id)).toContain(o.id);
  const card = page.getByTestId('appeal').filter({ hasText: appeal });
  await expect(card).toHaveAttribute('data-objection', o.id);
  await expect(card).toContainText('维持原积分');
  await expect(card).toContainText('抽查合格，维持');
  await expect(card).toContainText(String(target.account.name));
  await expect(card).toContainText(`${villager.me.account.name ?? ''} 于`);
  await card.getByTestId('appeal-ruling').fill('经走访邻居核实，该户平时未分类，积分不成立');
  await shot(page, info, 'points-appeals');
  await card.getByTestId('appeal-reverse').click();
  await expect(page.locator('.ant-message')).toContainText('积分不成立');
  await expect(card).toHaveCount(0);
  await expect(page.getByTestId('appeals-decided')).toContainText('经走访邻居核实，该户平时未分类，积分不成立');

  // The entry is overturned and a reversal is on the board.
  const board = await villager.get<{
    entries: { id: string; status: string; kind: string; reverses: string | null }[];
  }>('/points/board');
  expect(board.entries.find((e) => e.id === target.id)?.status).toBe('overturned');
  expect(board.entries.some((e) => e.kind === 'reversal' && e.reverses === target.id)).toBeTruthy();
  await villager.close();
  await evaluator.close();
});

test('chief: the rule catalogue — a new rule, and a revision that becomes a new version', async ({ page }, info) => {
  await page.goto('/console/points/rules');
  await expect(page.getByTestId('page-title')).toHaveText('积分细则');
  const table = page.getByTestId('rules-table');
  await expect(table).toContainText('H01');
  await expect(table).toContainText('庭院整洁');

  await page.getByTestId('rule-add').click();
  const modal = page.locator('.ant-modal');
  await modal.getByTestId('rule-code').fill('H08');
  await modal.getByTestId('rule-name-zh').fill('参加村民议事会');
  await modal.getByTestId('rule-name-en').fill('attended the village assembly');
  await inputOf(modal.getByTestId('rule-points')).fill('3');
  await page.getByTestId('rule-save').click();
  await expect(page.locator('.ant-message')).toContainText('已新增细则 H08');
  const row = table.locator('tbody tr').filter({ hasText: 'H08' });
  await expect(row).toContainText('参加村民议事会');
  await expect(row).toContainText('+3');
  await expect(row).toContainText('v1');

  await row.getByTestId('revise-H08').click();
  await expect(modal).toContainText('已记的积分仍指向当时的版本');
  await expect(modal.getByTestId('rule-code')).toBeDisabled();
  await inputOf(modal.getByTestId('rule-points')).fill('4');
  await page.getByTestId('rule-save').click();
  await expect(page.locator('.ant-message')).toContainText('H08 已修订为 v2');
  await expect(row).toContainText('+4');
  await expect(row).toContainText('v2');
  await shot(page, info, 'points-rules');

  // The rule's versions: v2 in force (written by the chief), v1 before it.
  const chief = await apiAs('chief', baseURLOf(info));
  await row.getByTestId('history-H08').click();
  const history = page.getByTestId('rule-history');
  const versions = history.getByTestId('rule-version');
  await expect(versions).toHaveCount(2);
  await expect(versions.nth(0)).toHaveAttribute('data-version', '2');
  await expect(versions.nth(0)).toContainText('+4');
  await expect(versions.nth(0)).toContainText('现行');
  await expect(versions.nth(0)).toContainText(`${chief.me.account.name} 修订`);
  await expect(versions.nth(1)).toHaveAttribute('data-version', '1');
  await expect(versions.nth(1)).toContainText('+3');
  await expect(versions.nth(1).getByTestId('rule-version-span')).toContainText(' 至 ');
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
  await page.waitForTimeout(400); // the drawer's opening animation
  await page.screenshot({ path: shotPath(info, 'points-rule-history') });
  await chief.close();
});

test('chief: shop goods (add, price, restock, take off) and confirming a pick-up', async ({ page }, info) => {
  const tag = runTag(info);
  const chief = await apiAs('chief', baseURLOf(info));
  const villager = await apiAs('villager', baseURLOf(info));
  const own = await villagerHousehold(villager);
  // A household with points (not the phone spec's) redeems soap at the village office.
  const board = await chief.get<Board>('/points/board');
  const rich = board.standings.households.find((x) => x.balance >= 5 && x.number !== own.number)!;
  const { items: found } = await chief.get<{ items: HouseholdRow[] }>(`/households?q=${rich.number}`);
  const { items: goods } = await chief.get<{ items: { id: string; name: string }[] }>('/points/shop/items');
  const soap = goods.find((g) => g.name.startsWith('香皂'))!;
  await chief.post('/points/shop/redemptions', { id: `${tag}-pickup`, itemId: soap.id, householdId: found[0].id });

  await page.goto('/console/points/shop');
  await expect(page.getByTestId('page-title')).toHaveText('积分超市');
  const pickup = page.getByTestId('pickups-table').locator('tbody tr').filter({ hasText: rich.number });
  await expect(pickup).toContainText('香皂');

  await page.getByTestId('item-add').click();
  const modal = page.locator('.ant-modal');
  await modal.getByTestId('item-name').fill('保温杯');
  await inputOf(modal.getByTestId('item-price')).fill('25');
  await inputOf(modal.getByTestId('item-stock')).fill('30');
  await page.getByTestId('item-save').click();
  const row = page.getByTestId('items-table').locator('tbody tr').filter({ hasText: '保温杯' });
  await expect(row).toContainText('25 分');
  await expect(row).toContainText('30');

  await row.getByTestId('item-price-edit').click();
  await inputOf(modal.getByTestId('item-price')).fill('20');
  await page.getByTestId('item-save').click();
  await expect(row).toContainText('20 分');
  await row.getByTestId('item-restock').click();
  await inputOf(modal.getByTestId('item-add-stock')).fill('10');
  await page.getByTestId('item-save').click();
  await expect(row.locator('td').nth(2)).toHaveText('40');

  // Taken off the shelf: villagers no longer see it; the manager still does, greyed, and can put it back.
  await row.getByTestId('item-deactivate').click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(page.locator('.ant-message')).toContainText('已下架');
  await expect(row.getByTestId('item-inactive')).toHaveText('已下架');
  const forVillagers = await villager.get<{ items: { name: string }[] }>('/points/shop/items');
  expect(forVillagers.items.map((g) => g.name)).not.toContain('保温杯');
  await expect(page.locator('.ant-message-notice')).toHaveCount(0);
  await shot(page, info, 'points-shop');
  await row.getByTestId('item-reactivate').click();
  await expect(page.locator('.ant-message')).toContainText('已重新上架');
  await expect(row.getByTestId('item-inactive')).toHaveCount(0);
  await expect(row.getByTestId('item-deactivate')).toBeVisible();

  await pickup.getByTestId('pickup').click();
  await page
    .locator('.ant-popconfirm')
    .getByRole('button', { name: /确\s*定|OK/ })
    .click();
  await expect(page.locator('.ant-message')).toContainText('已确认领取');
  await expect(pickup).toHaveCount(0);
  await chief.close();
  await villager.close();
});

test('chief: the settlement is refused while proposals await review, with the reasons', async ({ page }, info) => {
  const tag = runTag(info);
  const member = await apiAs('gridMember', baseURLOf(info));
  const villager = await apiAs('villager', baseURLOf(info));
  const evaluator = await apiAs('evaluator', baseURLOf(info));
  const h = await otherHousehold(member, villager, 1);
  await member.post('/points/entries', {
    id: `${tag}-pending`,
    ruleCode: 'H04',
    target: { kind: 'household', householdId: h.id },
    reason: `结算前尚未审核的积分 ${tag}`,
    evidence: [],
  });
  // Never let this test close the year: something must be waiting for review.
  const queue = await evaluator.get<{ entries: unknown[] }>('/points/queue');
  expect(queue.entries.length).toBeGreaterThan(0);

  await page.goto('/console/points/settlement');
  await expect(page.getByTestId('page-title')).toHaveText('年终结算');
  const board = await member.get<Board>('/points/board');
  await expect(page.getByText(`${board.period.label} 年度尚未结算`)).toBeVisible();
  await page.getByTestId('settle-run').click();
  await expect(page.locator('.ant-modal-confirm')).toContainText(`确定结算 ${board.period.label} 年度？`);
  await page.getByTestId('settle-ok').click();
  const blocked = page.getByTestId('settlement-blocked');
  await expect(blocked).toContainText('暂不能结算');
  await expect(blocked).toContainText(/\d+ 条积分待审核/);
  await shot(page, info, 'points-settlement');

  // Earlier years: nothing settled.
  await page.getByTestId('settlement-period').click();
  await page
    .locator('.ant-select-dropdown:visible .ant-select-item-option')
    .filter({ hasText: String(Number(board.period.label) - 1) })
    .click();
  await expect(page.getByText(`${Number(board.period.label) - 1} 年度没有结算记录`)).toBeVisible();
  await member.close();
  await villager.close();
  await evaluator.close();
});

test('the changed console pages at phone size: appeals (one pending), the rule history, the shop', async ({
  browser,
}, info) => {
  const tag = runTag(info);
  // A pending appeal for the picture: the demo village's open objection, ruled on and appealed.
  const villager = await apiAs('villager', baseURLOf(info));
  const evaluator = await apiAs('evaluator', baseURLOf(info));
  const open = (await villager.get<{ items: { id: string; status: string }[] }>('/points/objections')).items.find(
    (x) => x.status === 'open',
  );
  expect(open, 'the demo objection').toBeTruthy();
  await evaluator.post(`/points/objections/${open!.id}/ruling`, { decision: 'uphold', ruling: '入户查看，柴草已清理' });
  await villager.post(`/points/objections/${open!.id}/appeal`, { reason: `只是那天清理了，平时一直乱堆 ${tag}` });

  const page = await signInPage(browser, 'chief', phoneSize, '/console/points/appeals');
  await expect(page.getByTestId('appeal').filter({ hasText: tag })).toBeVisible();
  await shot(page, info, 'points-appeals', 'phone');
  await page.goto('/console/points/rules');
  await page.getByTestId('history-H08').click();
  await expect(page.getByTestId('rule-version')).toHaveCount(2);
  await page.waitForTimeout(400);
  await page.screenshot({ path: shotPath(info, 'points-rule-history', 'phone') });
  // The shop with a good taken off the shelf (greyed, to be put back).
  const chief = await apiAs('chief', baseURLOf(info));
  const cup = (await chief.get<{ items: { id: string; name: string }[] }>('/points/shop/items')).items.find(
    (g) => g.name === '保温杯',
  )!;
  await chief.ctx.patch(`/api/v1/villages/dahuashan/points/shop/items/${cup.id}`, {
    data: { active: false },
    headers: { 'x-csrf-token': chief.me.csrf },
  });
  await chief.close();
  await page.goto('/console/points/shop');
  await expect(page.getByTestId('items-table').getByTestId('item-inactive')).toBeVisible();
  await shot(page, info, 'points-shop', 'phone');
  await page.context().close();
  await villager.close();
  await evaluator.close();
});
