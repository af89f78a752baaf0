import { expect, test } from '@playwright/test';
import { api, getJson, inputOf, pickOption, shot } from './helpers';

interface TreeNode {
  id: string;
  kind: string;
  code: string;
  households: number;
}

test('structure editor: draft from the active structure, move a household, violations update, diff, discard', async ({
  page,
}, info) => {
  const name = `E2E草稿-${info.project.name}-${Date.now().toString(36)}`;
  await page.goto('/console/structures');
  const active = page.getByTestId('structure-row').filter({ hasText: '平时网格' });
  await expect(active.getByTestId('status-active')).toHaveText('启用中');
  await expect(
    page.getByTestId('structure-row').filter({ hasText: '疫情网格' }).getByTestId('status-draft'),
  ).toHaveText('草稿');
  await shot(page, info, 'structures');

  // New draft, copied from the active structure: valid from the start.
  await page.getByTestId('new-draft').click();
  await inputOf(page.getByTestId('draft-name')).fill(name);
  await page.getByTestId('create-draft-ok').click();
  await expect(page).toHaveURL(/\/console\/structures\/[0-9a-f-]{36}/);
  const draftId = new URL(page.url()).pathname.split('/').pop()!;
  await expect(page.getByTestId('structure-name')).toHaveText(name);
  await expect(page.getByTestId('violations-ok')).toBeVisible();

  // Take households out of the smallest grid until it falls below the minimum of 15.
  const { nodes } = await getJson<{ nodes: TreeNode[] }>(page.request, api(`/structures/${draftId}`));
  const grids = nodes.filter((n) => n.kind === 'grid').sort((a, b) => a.households - b.households);
  const from = grids[0];
  const to = grids[1];
  const k = from.households - 14;

  await inputOf(page.getByTestId('tree-filter')).fill(from.code);
  await page.getByTestId('structure-tree').getByTestId(`tree-node-${from.code}`).click();
  const rows = page.getByTestId('grid-households').locator('tbody tr.ant-table-row');
  await expect(rows).toHaveCount(from.households);
  for (let i = 0; i < k; i++) await rows.nth(i).locator('input[type=checkbox]').check();
  await page.getByTestId('move-households').click();
  await pickOption(page, page.getByTestId('move-target'), to.code);
  await page.getByTestId('move-ok').click();

  // The violations panel refreshes: the grid is now too small.
  const list = page.getByTestId('violations-list');
  await expect(list).toContainText(`网格 ${from.code}`);
  await expect(list).toContainText('少于下限 15');
  await expect(page.getByTestId('violations-count')).toHaveAttribute('data-count', /^[1-9]\d*$/);
  await expect(rows).toHaveCount(from.households - k);
  await shot(page, info, 'editor');

  // Activation is refused (409 STRUCTURE_INVALID) while violations remain; the dialog lists them.
  await page.getByTestId('activate').click();
  await page.getByTestId('activate-confirm').click();
  const refusal = page.getByTestId('activate-error');
  await expect(refusal).toContainText('不能启用');
  await expect(refusal).toContainText(`网格 ${from.code}`);
  await shot(page, info, 'editor-activate-refused');
  await page.locator('.ant-modal-confirm .ant-modal-confirm-btns .ant-btn').click();
  await expect(refusal).toHaveCount(0);
  await expect(page.getByTestId('status-draft')).toBeVisible();

  // The diff against the active structure lists the move.
  await page.goto('/console/structures');
  await pickOption(page, page.getByTestId('diff-to'), name);
  await page.getByTestId('diff-run').click();
  await expect(page.getByTestId('structure-diff')).toContainText(`${k} 户调整`);
  await expect(page.getByTestId('structure-diff')).toContainText(to.code);
  await shot(page, info, 'structures-diff');

  // Discard the draft from the editor.
  await page.getByTestId(`open-${name}`).click();
  await expect(page.getByTestId('structure-name')).toHaveText(name);
  await page.getByTestId('discard').click();
  await page.getByTestId('discard-confirm').click();
  await expect(page).toHaveURL(/\/console\/structures$/);
  await expect(page.getByTestId('structure-row').filter({ hasText: name })).toHaveCount(0);
  const res = await page.request.get(api(`/structures/${draftId}`));
  expect(res.status()).toBe(404);
});
