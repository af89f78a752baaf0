import { expect, test } from '@playwright/test';
import { DEMO_PASSWORD, freshPage } from './access-helpers';
import { demoLogin } from './chief-login';
import { isPhone, navTo, shot } from './helpers';

test('sign-in in English: the wrong password is refused in English, then the grid leader is in', async ({
  browser,
}, info) => {
  const page = await freshPage(browser);
  const login = await demoLogin('gridLeader');
  await page.goto('/sign-in');
  await expect(page.getByTestId('sign-in')).toContainText('登录');
  await expect(page.getByTestId('to-activate')).toHaveText('村民激活账号');

  await page.getByTestId('lang-switch').getByText('English').click();
  await expect(page.getByTestId('sign-in-submit')).toHaveText('Sign in');
  await expect(page.getByTestId('to-activate')).toHaveText('Activate a villager account');
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill('not-the-password1');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('Wrong phone number or password');
  await shot(page, info, 'access-sign-in-en');

  await page.getByTestId('password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  // A grid leader works in the phone app on a phone, in the console at a desk.
  if (isPhone(info)) {
    await expect(page).toHaveURL(/\/m\/field$/);
    await page.getByTestId('to-console').click();
  }
  await expect(page).toHaveURL(/\/console$/);
  await expect(page.getByTestId('page-title')).toContainText('Village overview');
  if (!isPhone(info)) await expect(page.getByTestId('user-menu')).toContainText('Grid leader');

  // A grid leader's menu: their account, not the chief's screens.
  if (isPhone(info)) await page.getByTestId('menu-button').click();
  const menu = page.getByTestId('nav-menu').last();
  await expect(menu).toContainText('My account');
  await expect(menu).not.toContainText('Audit log');
  await expect(menu).not.toContainText('Accounts');
  if (isPhone(info)) {
    await page.keyboard.press('Escape');
    await expect(page.locator('.ant-drawer-content-wrapper')).toBeHidden();
  }
  await navTo(page, info, 'My account');
  await expect(page.getByTestId('page-title')).toHaveText('My account');
  await expect(page.getByTestId('profile-card')).toContainText('Grid leader');
  await page.context().close();
});

test('sign-in in Chinese: the wrong password is refused in Chinese, then back to the page asked for', async ({
  browser,
}) => {
  const page = await freshPage(browser);
  await page.goto('/console/account');
  await expect(page).toHaveURL(/\/sign-in\?next=%2Fconsole%2Faccount$/);
  await page.getByTestId('login').fill(await demoLogin('gridMember'));
  await page.getByTestId('password').fill('wrong-password9');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toHaveText('手机号或密码不正确');
  await page.getByTestId('password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL(/\/console\/account$/);
  await expect(page.getByTestId('page-title')).toHaveText('我的账号');
  await expect(page.getByTestId('profile-card')).toContainText('网格员');
  await page.context().close();
});
