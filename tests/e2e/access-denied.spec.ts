import { expect, test } from '@playwright/test';
import { apiSignIn, freshPage } from './access-helpers';
import { demoLogin } from './chief-login';
import { api, getJson, isPhone, shot } from './helpers';

interface Row {
  id: string;
  number: string;
}

test('a grid member is refused the audit log and another grid’s household, with a clear message in their language', async ({
  page: chief,
  browser,
}, info) => {
  const page = await freshPage(browser);
  await apiSignIn(page, await demoLogin('gridMember'));
  const mine = await getJson<{ items: Row[] }>(page.request, api('/households?pageSize=500'));
  const all = await getJson<{ items: Row[] }>(chief.request, api('/households?pageSize=100&page=5'));
  const other = all.items.find((h) => !mine.items.some((m) => m.id === h.id))!;

  // Not their post: 403 with the server's message.
  await page.goto('/console/audit');
  const denied = page.getByTestId('denied-result');
  await expect(denied).toContainText('无权访问');
  await expect(denied.getByTestId('denied-message')).toHaveText('您的岗位无权进行此操作');
  await expect(page.getByTestId('audit-table')).toHaveCount(0);
  if (!isPhone(info)) await expect(page.getByTestId('console-desk')).toHaveText('大华山村 · 网格员工作台'); // their own desk, not the chief's
  await shot(page, info, 'access-denied');

  // Not their grid: 404, said so plainly.
  await page.goto(`/console/households/${other.id}`);
  const notFound = page.getByTestId('not-found-result');
  await expect(notFound).toContainText('未找到，或不在您的负责范围内');
  await expect(notFound.getByTestId('denied-message')).toHaveText('户不存在');
  await shot(page, info, 'access-not-found');

  // The same in English.
  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(notFound).toContainText('Not found, or outside your area');
  await expect(notFound.getByTestId('denied-message')).toHaveText('Household not found');
  await page.goto('/console/accounts');
  await expect(page.getByTestId('denied-result')).toContainText('Access denied');
  await expect(page.getByTestId('denied-message')).toHaveText('Your post does not allow this');
  await shot(page, info, 'access-denied-en');

  // The way back works.
  await page.getByTestId('denied-result').getByRole('button', { name: 'Home' }).click();
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByTestId('page-title')).toContainText('Village overview');
  if (isPhone(info)) await expect(page.getByTestId('menu-button')).toBeVisible();
  await page.context().close();
});
