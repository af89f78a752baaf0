import { expect, test as setup } from '@playwright/test';
import { DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { chiefLogin } from './chief-login';
import { shot } from './helpers';

// Sign in once, as the general grid leader, through the sign-in page; every other test reuses the
// session (storage state). The server rate-limits sign-ins, so the tests must not each sign in.
setup('sign in as the general grid leader', async ({ page }, info) => {
  const login = await chiefLogin();
  await page.goto('/console/structures');
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await expect(page.getByTestId('sign-in')).toContainText('登录');

  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill('not-the-password1');
  await page.getByTestId('sign-in-submit').click();
  await expect(page.getByTestId('sign-in-error')).toContainText('手机号或密码不正确');
  await shot(page, info, 'sign-in', 'desktop');

  await page.getByTestId('password').fill(process.env.E2E_PASSWORD ?? DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).toHaveURL(/\/console\/structures$/);
  await expect(page.getByTestId('user-menu')).toContainText('总格长');
  await page.context().storageState({ path: process.env.WANGGE_E2E_AUTH! });
});
