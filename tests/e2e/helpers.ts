/** Shared bits of the browser tests: screenshots, phone/desktop differences, API look-ups, data. */
import { expect, type APIRequestContext, type Page, type TestInfo } from '@playwright/test';
import fs from 'node:fs';
import path from 'node:path';

export const VILLAGE = 'dahuashan';
export const api = (p: string) => `/api/v1/villages/${VILLAGE}${p}`;

export const isPhone = (info: TestInfo) => info.project.name === 'phone';

const shotsDir = path.resolve(import.meta.dirname, '../../docs/screenshots');

/** docs/screenshots/<screen>-<project>.png, full page. */
export async function shot(page: Page, info: TestInfo, screen: string, project = info.project.name) {
  fs.mkdirSync(shotsDir, { recursive: true });
  await page.waitForLoadState('networkidle');
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: path.join(shotsDir, `${screen}-${project}.png`), fullPage: true });
}

/** Navigate with the console's menu: the side menu on desktop, the drawer on phones. */
export async function navTo(page: Page, info: TestInfo, label: string | RegExp) {
  if (isPhone(info)) {
    await page.getByTestId('menu-button').click();
    await page.locator('.ant-drawer').getByRole('menuitem', { name: label }).click();
    await expect(page.locator('.ant-drawer-content-wrapper')).toBeHidden();
  } else {
    await page.getByTestId('nav-menu').getByRole('menuitem', { name: label }).click();
  }
}

export async function getJson<T>(request: APIRequestContext, url: string): Promise<T> {
  const res = await request.get(url);
  expect(res.ok(), `${url} → ${res.status()}`).toBeTruthy();
  return (await res.json()) as T;
}

/** A valid 18-digit resident ID number (GB 11643 check digit) for Pinggu district. */
export function idNumber(birth: string, seq: number): string {
  const body = `110117${birth.replaceAll('-', '')}${String(seq % 1000).padStart(3, '0')}`;
  const weights = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
  const sum = [...body].reduce((s, d, i) => s + Number(d) * weights[i], 0);
  return body + '10X98765432'[sum % 11];
}

/** Pick an option of an antd Select by typing into it (showSearch selects) and pressing Enter. */
export async function pickOption(page: Page, select: ReturnType<Page['getByTestId']>, text: string) {
  await select.click();
  await page.keyboard.type(text);
  const option = page.locator('.ant-select-dropdown:visible .ant-select-item-option').filter({ hasText: text });
  await expect(option).toHaveCount(1);
  await expect(option).toHaveClass(/ant-select-item-option-active/);
  await page.keyboard.press('Enter');
  await expect(page.locator('.ant-select-dropdown:visible')).toHaveCount(0);
  await expect(select).toContainText(text);
}

/** The <input> of an antd input whose test id sits on the input itself or on a wrapper. */
export const inputOf = (l: ReturnType<Page['getByTestId']>) => l.locator('xpath=self::input | .//input').first();
