import { expect, test } from '@playwright/test';
import { api, getJson, inputOf, isPhone, shot } from './helpers';

interface ResidentHit {
  name: string;
  householdId: string;
  householdNumber: string;
}

test('household search by a resident name finds the household; its page shows masked ID numbers', async ({
  page,
}, info) => {
  const { items } = await getJson<{ items: ResidentHit[] }>(page.request, api('/residents?page=37&pageSize=1'));
  const r = items[0];

  await page.goto('/console/households');
  await shot(page, info, 'households');
  const box = inputOf(page.getByTestId('household-search'));
  await box.fill(r.name);
  await box.press('Enter');
  await expect(page).toHaveURL(/q=/);

  const hit = isPhone(info)
    ? page.getByTestId('household-card').filter({ hasText: r.householdNumber })
    : page.getByTestId('households-table').locator('tbody tr').filter({ hasText: r.householdNumber });
  await expect(hit.first()).toBeVisible();
  await shot(page, info, 'households-search');
  await hit.first().click();

  await expect(page).toHaveURL(new RegExp(`/console/households/${r.householdId}$`));
  await expect(page.getByTestId('page-title')).toContainText(r.householdNumber);
  const residents = page.getByTestId('residents-table');
  await expect(residents).toContainText(r.name);
  const ids = await residents.getByTestId('id-number').allTextContents();
  expect(ids.length).toBeGreaterThan(0);
  for (const id of ids) expect(id).toMatch(/^\d{6}\*{8}[\dX]{4}$/);
  await expect(page.getByTestId('current-grid')).toContainText(/G\d+|C\d+/);
  await expect(page.getByTestId('responsibility-chain')).toContainText('网格员');
  await expect(page.getByTestId('coverage-timeline')).toBeVisible();
  await shot(page, info, 'household');
});
