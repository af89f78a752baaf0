import { expect, test } from '@playwright/test';
import { isPhone, navTo, shot } from './helpers';

test('the language switch turns the UI to English and back, and is remembered', async ({ page }, info) => {
  await page.goto('/console');
  await expect(page.getByTestId('stat-households')).toContainText('住户');
  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(page.getByTestId('stat-households')).toContainText('Households');
  await expect(page.getByTestId('page-title')).toHaveText('Dahuashan Village · Village overview');
  await expect(page.getByTestId('structure-tree')).toContainText('General grid leader');
  await expect(page.locator('html')).toHaveAttribute('lang', 'en');
  await shot(page, info, 'overview-en');

  // Remembered across reloads; other pages follow.
  await page.reload();
  await expect(page.getByTestId('stat-grids')).toContainText('Active grids');
  await navTo(page, info, 'Households');
  await expect(page.getByTestId('page-title')).toHaveText('Households');
  if (!isPhone(info)) await expect(page.getByTestId('households-table')).toContainText('Grid member');
  await navTo(page, info, 'Import & export');
  await expect(page.getByTestId('dry-run')).toHaveText('Dry run');
  await shot(page, info, 'import-en');

  await page.getByTestId('lang-switch').getByText('中文').click();
  await expect(page.getByTestId('dry-run')).toHaveText('检查（试导入）');
});
