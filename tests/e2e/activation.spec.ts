import { expect, test } from '@playwright/test';
import { shot } from './helpers';

// Runs last (project `activation` depends on desktop and phone): it changes the active structure.
test('activating the crisis draft 疫情网格 via the UI; the overview then shows 74 grids', async ({ page }, info) => {
  await page.goto('/console/structures');
  const row = page.getByTestId('structure-row').filter({ hasText: '疫情网格' });
  await row.getByRole('button', { name: '编辑' }).click();
  await expect(page.getByTestId('structure-name')).toContainText('疫情网格');
  await expect(page.getByTestId('violations-ok')).toBeVisible();
  await page.getByTestId('structure-tree').getByTestId('tree-node-C01').click();
  await expect(page.getByTestId('grid-households').locator('tbody tr.ant-table-row')).not.toHaveCount(0);
  await shot(page, info, 'editor-crisis', 'desktop');

  await page.getByTestId('activate').click();
  await page.getByTestId('activate-confirm').click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByTestId('stat-grids')).toContainText('74');
  await expect(page.getByTestId('stat-households')).toContainText('1,304');
  await expect(page.getByTestId('active-structure-name')).toContainText('疫情网格');
  await expect(page.getByTestId('structure-tree').getByTestId('tree-node-S01')).toContainText('分网格长');
  await shot(page, info, 'overview-crisis', 'desktop');

  await page.goto('/console/structures');
  await expect(
    page.getByTestId('structure-row').filter({ hasText: '平时网格' }).getByTestId('status-retired'),
  ).toHaveText('已停用');
});
