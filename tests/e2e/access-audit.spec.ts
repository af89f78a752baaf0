import { expect, test } from '@playwright/test';
import { apiWrite } from './access-helpers';
import { navTo, shot } from './helpers';

test('the chief reads the audit log: what was just done, filtered by action, with before/after, exported', async ({
  page,
}, info) => {
  // Something of our own to find: an API token created and revoked through the API.
  const name = `audit e2e ${info.project.name} ${Date.now()}`;
  const created = await apiWrite(page, 'POST', '/api/v1/auth/tokens', { name, policies: ['village.read'] });
  expect(created.status()).toBe(201);
  const { id } = (await created.json()) as { id: string };
  expect((await apiWrite(page, 'DELETE', `/api/v1/auth/tokens/${id}`)).status()).toBe(204);

  await page.goto('/console');
  await navTo(page, info, '审计日志');
  await expect(page.getByTestId('page-title')).toHaveText('审计日志');
  const rows = page.getByTestId('audit-row');
  await expect(rows.first()).toBeVisible();

  const action = page.getByTestId('audit-action');
  await action.fill('token.');
  await action.press('Enter');
  await expect(rows.first()).toContainText('撤销 API 令牌');
  await expect(rows.first()).toContainText('token.revoke');
  for (const text of await rows.allTextContents()) expect(text).toMatch(/token\./);

  // The creation, expanded: the request and the JSON after it (the token itself never logged).
  const create = rows.filter({ hasText: 'token.create' }).first();
  await create.click();
  const details = page.getByTestId('audit-details').first();
  await expect(details).toContainText('POST /api/v1/auth/tokens');
  await expect(details.getByTestId('audit-after')).toContainText(`"name": "${name}"`);
  await expect(details.getByTestId('audit-after')).toContainText('"village.read"');
  await expect(details.getByTestId('audit-after')).not.toContainText('wg_');
  await shot(page, info, 'access-audit');

  const download = page.waitForEvent('download');
  await page.getByTestId('audit-export').click();
  expect((await download).suggestedFilename()).toBe('audit-dahuashan.xlsx');

  // Sign-ins are there too (the setup signed the chief in).
  await action.fill('auth.');
  await action.press('Enter');
  await expect(rows.first()).toContainText('auth.sign_in');
});
