import { expect, test, type Locator, type Page } from '@playwright/test';
import { api, getJson, inputOf, pickOption } from './helpers';

interface Person {
  id: string;
  name: string;
}

async function openNode(page: Page, code: string) {
  await inputOf(page.getByTestId('tree-filter')).fill(code);
  await page.getByTestId('structure-tree').getByTestId(`tree-node-${code}`).click();
  await expect(page.getByTestId('node-panel')).toContainText(code);
}

/**
 * Click a button with a confirming pop-over and confirm, until `done` holds. On a loaded machine the
 * tap may be lost (the pop-over opening, or the panel refreshing after the previous change); a
 * user taps again, and so does this.
 */
async function untilDone(page: Page, button: Locator, done: () => Promise<unknown>) {
  await expect(async () => {
    if (await button.count()) {
      await button.click({ timeout: 5_000 });
      await page.locator('.ant-popconfirm:visible .ant-btn-primary').click({ timeout: 5_000 });
    }
    await done();
  }).toPass({ timeout: 60_000 });
}
const modalOk = (page: Page) => page.locator('.ant-modal-wrap:visible .ant-modal-footer .ant-btn-primary').click();

test('structure editor actions: split, appoint, replace, remove, rename, merge, add and delete a node', async ({
  page,
}, info) => {
  const name = `E2E操作-${info.project.name}-${Date.now().toString(36)}`;
  await page.goto('/console/structures');
  await page.getByTestId('new-draft').click();
  await inputOf(page.getByTestId('draft-name')).fill(name);
  await page.getByTestId('create-draft-ok').click();
  await expect(page.getByTestId('structure-name')).toHaveText(name);
  const panel = page.getByTestId('node-panel');
  const violations = page.getByTestId('violations-panel');

  // Split two households of G02 off into a new grid: it is selected, small and without a member.
  await openNode(page, 'G02');
  const rows = page.getByTestId('grid-households').locator('tbody tr.ant-table-row');
  await rows.nth(0).locator('input[type=checkbox]').check();
  await rows.nth(1).locator('input[type=checkbox]').check();
  await page.getByTestId('split-grid').click();
  await inputOf(page.locator('.ant-modal-wrap:visible').getByLabel('新网格名称')).fill('拆出网格');
  await modalOk(page);
  await expect(panel).toContainText('拆出网格');
  const code = (await panel.locator('.ant-card-head-title').innerText()).match(/G\d+/)![0];
  await expect(rows).toHaveCount(2);
  await expect(violations).toContainText(`网格 ${code} 拆出网格 没有网格员`);

  // Appoint a grid member, replace them, then remove the post.
  const people = await getJson<{ items: Person[] }>(page.request, api('/people?unposted=1'));
  const [a, b] = people.items;
  await panel.getByTestId('appoint').click();
  await pickOption(page, page.getByTestId('person-select'), a.name);
  await modalOk(page);
  await expect(panel.getByTestId('staff-section')).toContainText(a.name);
  await expect(violations).not.toContainText(`网格 ${code} 拆出网格 没有网格员`);
  await panel.getByRole('button', { name: '替换' }).click();
  await pickOption(page, page.getByTestId('person-select'), b.name);
  await modalOk(page);
  await expect(panel.getByTestId('staff-section')).toContainText(b.name);
  await expect(panel.getByTestId('staff-section')).not.toContainText(a.name);
  const endB = panel.getByTestId('staff-section').filter({ hasText: b.name }).getByRole('button', { name: '免去' });
  await untilDone(page, endB, () =>
    expect(panel.getByTestId('staff-section')).toContainText('未设负责人', { timeout: 5_000 }),
  );

  // Rename, then merge G02 back into it.
  await panel.getByRole('button', { name: '重命名' }).click();
  await inputOf(page.locator('.ant-modal-wrap:visible').getByLabel('名称', { exact: true })).fill('改名网格');
  await modalOk(page);
  await expect(panel).toContainText('改名网格');
  await panel.getByRole('button', { name: '合并网格' }).click();
  const mergeSelect = page.locator('.ant-modal-wrap:visible .ant-select');
  await mergeSelect.click();
  await page.keyboard.type('G02');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Escape');
  await modalOk(page);
  await expect(page.getByTestId('structure-tree').getByTestId('tree-node-G02')).toHaveCount(0);
  await expect(rows).not.toHaveCount(2);

  // Add an empty grid under P01, then delete it.
  await openNode(page, 'P01');
  await panel.getByRole('button', { name: '添加下级' }).click();
  await inputOf(page.locator('.ant-modal-wrap:visible').getByLabel('名称', { exact: true })).fill('空网格');
  await modalOk(page);
  await expect(panel).toContainText('空网格');
  await expect(violations).toContainText('空网格 只有 0 户');
  await untilDone(page, panel.filter({ hasText: '空网格' }).getByRole('button', { name: '删除节点' }), () =>
    expect(violations).not.toContainText('空网格', { timeout: 5_000 }),
  );
  await expect(panel).toContainText('P01'); // back to the parent
  await expect(panel).not.toContainText('空网格');

  // Clean up.
  await page.getByTestId('discard').click();
  await page.getByTestId('discard-confirm').click();
  await expect(page).toHaveURL(/\/console\/structures$/);
});
