/**
 * Helpers of the access specs: other roles sign in in a FRESH browser context (the project's
 * viewport, no stored session) so the chief's stored session is never disturbed.
 */
import { expect, type APIResponse, type Browser, type Page } from '@playwright/test';
import path from 'node:path';
import { openDatabase } from '../../server/src/db/database';
import { DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { api, getJson } from './helpers';

export { DEMO_PASSWORD };

/** A page in a new context: same project options (viewport, locale, base URL), but signed out. */
export async function freshPage(browser: Browser): Promise<Page> {
  const context = await browser.newContext({ storageState: { cookies: [], origins: [] } });
  return context.newPage();
}

/** Sign in through the API; the session cookie lands in the page's context. */
export async function apiSignIn(page: Page, login: string, password = DEMO_PASSWORD) {
  const res = await page.request.post('/api/v1/auth/sign-in', { data: { login, password } });
  expect(res.ok(), `sign-in ${login} → ${res.status()}`).toBeTruthy();
}

/** A write through the API with the session's CSRF token (as the web app sends it). */
export async function apiWrite(
  page: Page,
  method: 'POST' | 'DELETE',
  url: string,
  data?: unknown,
): Promise<APIResponse> {
  const csrf = (await page.context().cookies()).find((c) => c.name === 'wangge_csrf')?.value ?? '';
  return page.request.fetch(url, { method, data, headers: { 'x-csrf-token': csrf } });
}

interface AccountRow {
  id: string;
  kind: string;
  displayName: string;
  personId: string | null;
}
interface PersonRow {
  id: string;
  reserve: boolean;
  posts: unknown[];
}

/**
 * Staff accounts no other spec signs in with: people of the registry without any post and not in
 * the reserve, by name. `which` picks the first or the last of them.
 */
export async function spareStaff(chief: Page, which: 'first' | 'last'): Promise<AccountRow & { login: string }> {
  const { items: accounts } = await getJson<{ items: AccountRow[] }>(chief.request, api('/accounts'));
  const { items: people } = await getJson<{ items: PersonRow[] }>(chief.request, api('/people'));
  const idle = new Set(people.filter((p) => !p.reserve && p.posts.length === 0).map((p) => p.id));
  const spare = accounts
    .filter((a) => a.kind === 'staff' && a.personId && idle.has(a.personId))
    .sort((a, b) => a.displayName.localeCompare(b.displayName, 'zh-CN'));
  expect(spare.length).toBeGreaterThan(1);
  const a = which === 'first' ? spare[0] : spare[spare.length - 1];
  return { ...a, login: await accountLogin(a.id) };
}

/** The full login (phone number) of an account, from the run's database (the API masks it). */
export async function accountLogin(accountId: string): Promise<string> {
  const url = process.env.DATABASE_URL;
  const dir = process.env.WANGGE_E2E_DATA_DIR;
  const database = url
    ? openDatabase({ url, schema: process.env.WANGGE_E2E_SCHEMA, poolSize: 1 })
    : openDatabase({ file: path.join(dir!, 'wangge.sqlite') });
  try {
    const row = await database.db
      .selectFrom('accounts')
      .select('login')
      .where('id', '=', accountId)
      .executeTakeFirstOrThrow();
    return row.login;
  } finally {
    await database.close();
  }
}

/** A mobile number no demo account has, unique per run and project. */
export const freshPhone = (salt: number) => `199${String((Date.now() + salt * 7919) % 100_000_000).padStart(8, '0')}`;
