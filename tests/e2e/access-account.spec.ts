import { expect, test } from '@playwright/test';
import { apiSignIn, freshPage, spareStaff } from './access-helpers';
import { isPhone, navTo, shot } from './helpers';

test('my account: profile, this device, an API token shown once, then revoked', async ({ page }, info) => {
  await page.goto('/console');
  if (isPhone(info)) await navTo(page, info, '我的账号');
  else await page.getByTestId('my-account').click();
  await expect(page).toHaveURL(/\/console\/account$/);
  await expect(page.getByTestId('page-title')).toHaveText('我的账号');
  await expect(page.getByTestId('profile-card')).toContainText('总格长');
  await expect(page.getByTestId('sessions-card').getByTestId('this-device')).toHaveCount(1);

  // A wrong current password is refused on its field; nothing changes.
  await page.getByTestId('current-password').fill('not-my-password1');
  await page.getByTestId('new-password').fill('Another2026x');
  await page.getByTestId('confirm-password').fill('Another2026x');
  await page.getByTestId('change-password').click();
  await expect(page.getByTestId('password-card')).toContainText('当前密码不正确');

  // A token: named, only some of my permissions, shown once.
  const name = `e2e ${info.project.name} ${Date.now()}`;
  await page.getByTestId('new-token').click();
  await page.getByTestId('token-name').fill(name);
  await expect(page.getByTestId('policy-audit.read')).toBeVisible();
  await page.getByTestId('policy-village.read').click();
  await page.getByTestId('policy-export.read').click();
  await page.getByTestId('create-token').click();
  await expect(page.getByTestId('token-value')).toHaveText(/^wg_\S{20,}$/);
  await expect(page.locator('.ant-modal')).toContainText('关闭此窗口后将无法再次查看');
  await shot(page, info, 'access-token');
  await page.getByTestId('token-saved').click();

  const row = page.getByTestId('token-row').filter({ hasText: name });
  await expect(row).toContainText('查看户籍（责任范围内）');
  await expect(row.getByTestId('token-status')).toHaveText('有效');
  await shot(page, info, 'access-account');
  await row.getByTestId('revoke-token').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
  await expect(row.getByTestId('token-status')).toHaveText('已撤销');
});

test('ending another device’s session signs it out; “sign out everywhere” returns to the sign-in page', async ({
  page: chief,
  browser,
}) => {
  const spare = await spareStaff(chief, 'first');
  const other = await freshPage(browser);
  await apiSignIn(other, spare.login);
  await other.goto('/console/account');
  await expect(other.getByTestId('page-title')).toHaveText('我的账号');

  const page = await freshPage(browser);
  await apiSignIn(page, spare.login);
  await page.goto('/console/account');
  const rows = page.getByTestId('session-row');
  await expect(rows.filter({ has: page.getByTestId('this-device') })).toHaveCount(1);
  const before = await rows.count();
  expect(before).toBeGreaterThanOrEqual(2);
  await rows
    .filter({ has: page.getByTestId('end-session') })
    .first()
    .getByTestId('end-session')
    .click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
  await expect(rows).toHaveCount(before - 1);

  // The other device finds itself signed out at its next request.
  await other.reload();
  await expect(other).toHaveURL(/\/sign-in/);

  await page.getByTestId('sign-out-everywhere').click();
  await page.locator('.ant-popconfirm').getByRole('button', { name: '确定' }).click();
  await expect(page).toHaveURL(/\/sign-in$/);
  await page.goto('/console/account');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await other.context().close();
  await page.context().close();
});
