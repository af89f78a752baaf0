import { expect, test } from '@playwright/test';
import { apiSignIn, freshPage, freshPhone } from './access-helpers';
import { demoLogin } from './chief-login';
import { api, getJson, isPhone, shot } from './helpers';

interface Row {
  id: string;
  number: string;
  kind: string;
  address: string;
}

test('a grid member issues an activation code on a household page; the villager activates with it and sees the household', async ({
  browser,
}, info) => {
  // The grid member, in a context of their own.
  const member = await freshPage(browser);
  await apiSignIn(member, await demoLogin('gridMember'));
  const { items } = await getJson<{ items: Row[] }>(member.request, api('/households?kind=household&pageSize=10'));
  const h = items[isPhone(info) ? 4 : 3];
  await member.goto(`/console/households/${h.id}`);
  await expect(member.getByTestId('page-title')).toContainText(h.number);
  await member.getByTestId('issue-activation').click();
  await member.getByTestId('activation-phone').fill('12345');
  await member.getByTestId('activation-issue').click();
  await expect(member.locator('.ant-form-item-explain-error')).toHaveText('请输入 11 位手机号');
  await member.getByTestId('activation-phone').fill('');
  await member.getByTestId('activation-issue').click();
  const codeBox = member.getByTestId('activation-code');
  await expect(codeBox).toHaveText(/^[A-Z2-9]{4}-[A-Z2-9]{4}$/);
  const code = (await codeBox.textContent())!.trim();
  await expect(member.getByTestId('activation-expires')).toContainText('有效期至');
  await shot(member, info, 'access-activation-code');

  // The printed slip: print() is called; the print stylesheet shows only the slip.
  await member.evaluate(() => {
    (window as unknown as { printed: number }).printed = 0;
    window.print = () => void (window as unknown as { printed: number }).printed++;
  });
  await member.getByTestId('print-slip').click();
  await expect.poll(() => member.evaluate(() => (window as unknown as { printed: number }).printed)).toBe(1);
  await member.emulateMedia({ media: 'print' });
  const slip = member.getByTestId('activation-slip');
  await expect(slip).toBeVisible();
  await expect(slip).toContainText(code);
  await expect(slip).toContainText(h.number);
  await expect(slip).toContainText(h.address);
  await expect(slip).toContainText('村民激活账号');
  await expect(member.getByTestId('page-title')).toBeHidden();
  await shot(member, info, 'access-slip');
  await member.emulateMedia({ media: 'screen' });
  await member.getByTestId('activation-done').click();
  await member.context().close();

  // The villager, from the sign-in page.
  const page = await freshPage(browser);
  await page.goto('/sign-in');
  await page.getByTestId('to-activate').click();
  await expect(page).toHaveURL(/\/activate$/);
  const phone = freshPhone(isPhone(info) ? 2 : 1);
  await page.getByTestId('activate-code').fill('ABCD-EFGH');
  await page.getByTestId('activate-phone').fill(phone);
  await page.getByTestId('activate-name').fill('张村民');
  await page.getByTestId('activate-password').fill('Cunmin2026');
  await page.getByTestId('activate-confirm').fill('Cunmin2026');
  await page.getByTestId('activate-submit').click();
  await expect(page.getByTestId('activate-error')).toHaveText('激活码无效或已过期，请向网格员重新索取');

  await page.getByTestId('activate-code').fill(code.toLowerCase());
  await expect(page.getByTestId('activate-code')).toHaveValue(code);
  await shot(page, info, 'access-activate');
  await page.getByTestId('activate-submit').click();
  // A villager lands in the household's phone app, on its points; "电脑版" leads to the console's household page.
  await expect(page).toHaveURL(/\/m\/home$/);
  await expect(page.getByTestId('m-household-points')).toBeVisible();
  await page.getByTestId('to-console').click();
  await expect(page).toHaveURL(new RegExp(`/console/households/${h.id}$`));
  await expect(page.getByTestId('page-title')).toContainText(h.number);
  await expect(page.getByTestId('residents-table')).toBeVisible();
  // A villager issues no codes, and the menu only offers what they may use.
  await expect(page.getByTestId('issue-activation')).toHaveCount(0);
  if (isPhone(info)) await page.getByTestId('menu-button').click();
  const menu = page.getByTestId('nav-menu').last();
  await expect(menu).toContainText('我的账号');
  for (const hidden of ['村情概览', '网格结构', '导入导出', '账号管理', '审计日志'])
    await expect(menu).not.toContainText(hidden);
  if (isPhone(info)) {
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-drawer-content-wrapper')).toBeHidden();
  }
  await shot(page, info, 'access-villager-household');

  // The console's home is not a villager's: they are taken to their household.
  await page.goto('/console');
  await expect(page).toHaveURL(new RegExp(`/console/households/${h.id}$`));
  await page.context().close();
});
