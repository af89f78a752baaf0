import { expect, test } from '@playwright/test';
import { isPhone, navTo, shot } from './helpers';

test('overview shows the demo counts and the active structure tree; a grid opens its households', async ({
  page,
}, info) => {
  await page.goto('/console');
  await expect(page.getByTestId('page-title')).toContainText('大华山村');
  await expect(page.getByTestId('stat-households')).toContainText('1,304');
  await expect(page.getByTestId('stat-units')).toContainText('20');
  await expect(page.getByTestId('stat-grids')).toContainText('76');
  await expect(page.getByTestId('active-structure-name')).toContainText('平时网格');
  if (!isPhone(info)) await expect(page.getByTestId('console-desk')).toHaveText('大华山村 · 总格长工作台');

  // The tree: village → zones (expanded) → patches → grids, with counts and people responsible.
  const tree = page.getByTestId('structure-tree');
  await expect(tree.getByTestId('tree-node-ROOT')).toContainText('总格长');
  await expect(tree.getByTestId('tree-node-Z1')).toContainText('分支长');
  await tree.getByTestId('tree-node-P01').click();
  await expect(tree.getByTestId('tree-node-G01')).toContainText('网格员');
  await expect(tree.getByTestId('tree-node-G01')).toContainText(/\d+ 户/);
  await shot(page, info, 'overview');

  // Clicking a grid opens the household list filtered by that grid.
  await tree.getByTestId('tree-node-G01').click();
  await expect(page).toHaveURL(/\/console\/households\?node=/);
  await expect(page.getByTestId('node-filter')).toContainText('G01');
  const rows = isPhone(info)
    ? page.getByTestId('household-card')
    : page.getByTestId('households-table').locator('tbody tr.ant-table-row');
  await expect(rows.first()).toContainText('G01');
  const n = await rows.count();
  expect(n).toBeGreaterThanOrEqual(15);
  expect(n).toBeLessThanOrEqual(20);
  await shot(page, info, 'households-grid');

  // The menu (side menu or drawer) leads back.
  await navTo(page, info, '村情概览');
  await expect(page.getByTestId('stat-households')).toBeVisible();
});
