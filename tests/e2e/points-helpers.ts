/**
 * Helpers of the points specs: each role signs in through /sign-in in its own fresh browser context
 * (phone or desktop size), or through the API to prepare data; a small PNG stands for a photo.
 */
import {
  expect,
  request as pwRequest,
  type APIRequestContext,
  type Browser,
  type Locator,
  type Page,
  type TestInfo,
} from '@playwright/test';
import zlib from 'node:zlib';
import type { Role } from '../../server/src/db/types';
import { DEMO_PASSWORD } from '../../server/src/modules/demo/accounts';
import { demoLogin } from './chief-login';
import { api } from './helpers';

export const phoneSize = {
  viewport: { width: 390, height: 844 },
  isMobile: true,
  hasTouch: true,
  deviceScaleFactor: 2,
};
export const desktopSize = {
  viewport: { width: 1366, height: 900 },
  isMobile: false,
  hasTouch: false,
  deviceScaleFactor: 1,
};

/** A short tag unique to this run and project, so texts typed by a test are found again. */
export const runTag = (info: TestInfo) =>
  `${info.project.name}-${(process.env.WANGGE_E2E_RUN ?? String(Date.now())).slice(-6)}`;

/** A new context for a role (no stored session), signed in through the sign-in page. */
export async function signInPage(
  browser: Browser,
  role: Role | 'villager',
  size: typeof phoneSize | typeof desktopSize,
  next = '/m',
): Promise<Page> {
  const context = await browser.newContext({ ...size, storageState: { cookies: [], origins: [] } });
  const page = await context.newPage();
  const login = await demoLogin(role);
  await page.goto(next);
  await expect(page).toHaveURL(/\/sign-in\?next=/);
  await page.getByTestId('login').fill(login);
  await page.getByTestId('password').fill(DEMO_PASSWORD);
  await page.getByTestId('sign-in-submit').click();
  await expect(page).not.toHaveURL(/\/sign-in/);
  // The sign-in page only returns to /console pages: go on to where the role was going.
  if (!new URL(page.url()).pathname.startsWith(next)) await page.goto(next);
  return page;
}

/** An API client signed in as a role, with the session's CSRF token for writes. */
export async function apiAs(role: Role | 'villager', baseURL: string) {
  const ctx = await pwRequest.newContext({ baseURL });
  const res = await ctx.post('/api/v1/auth/sign-in', {
    data: { login: await demoLogin(role), password: DEMO_PASSWORD },
  });
  expect(res.ok(), `sign-in as ${role} → ${res.status()}`).toBeTruthy();
  const me = (await res.json()) as {
    csrf: string;
    personId: string | null;
    householdId: string | null;
    account: { id: string; name: string };
  };
  return {
    ctx,
    me,
    get: async <T>(p: string): Promise<T> => {
      const r = await ctx.get(api(p));
      expect(r.ok(), `GET ${p} → ${r.status()}`).toBeTruthy();
      return (await r.json()) as T;
    },
    post: async <T>(p: string, data: unknown = {}): Promise<T> => {
      const r = await ctx.post(api(p), { data, headers: { 'x-csrf-token': me.csrf } });
      expect(r.ok(), `POST ${p} → ${r.status()} ${await r.text()}`).toBeTruthy();
      return (await r.json()) as T;
    },
    close: () => ctx.dispose(),
  };
}
export type ApiClient = Awaited<ReturnType<typeof apiAs>>;

export const baseURLOf = (info: TestInfo) => String(info.project.use.baseURL);

/** A tiny, valid PNG (a red square): the evidence photo. */
export function pngPhoto(seed = 0): Buffer {
  const size = 8;
  const row = Buffer.concat([Buffer.from([0]), Buffer.alloc(size * 3, 0)]);
  for (let x = 0; x < size; x++) row.set([0xb7, (seed * 37) & 0xff, 0x2c], 1 + x * 3);
  const raw = Buffer.concat(Array.from({ length: size }, () => row));
  const crcTable = Array.from({ length: 256 }, (_, n) => {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    return c >>> 0;
  });
  const crc = (b: Buffer) => {
    let c = 0xffffffff;
    for (const byte of b) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
    return (c ^ 0xffffffff) >>> 0;
  };
  const chunk = (type: string, data: Buffer) => {
    const len = Buffer.alloc(4);
    len.writeUInt32BE(data.length);
    const td = Buffer.concat([Buffer.from(type, 'ascii'), data]);
    const c = Buffer.alloc(4);
    c.writeUInt32BE(crc(td));
    return Buffer.concat([len, td, c]);
  };
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(size, 0);
  ihdr.writeUInt32BE(size, 4);
  ihdr.set([8, 2, 0, 0, 0], 8);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', ihdr),
    chunk('IDAT', zlib.deflateSync(raw)),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

/** The household of the demo villager, and its grid member (the demo grid member of G01). */
export async function villagerHousehold(villager: ApiClient) {
  const id = villager.me.householdId!;
  const page = await villager.get<{ household: { number: string }; gridMembers: { personId: string; name: string }[] }>(
    `/households/${id}`,
  );
  return { id, number: page.household.number, gridMembers: page.gridMembers };
}

export async function closeAll(...pages: (Page | undefined)[]) {
  for (const p of pages) await p?.context().close();
}

export type { APIRequestContext };

/**
 * A weak signal on `pattern`: the first request reaches the server but its answer is lost; every
 * later one (the phone's own replay, which may start at any moment on a slow machine) is cut off
 * before it leaves, until `retryWhenBack`. `ids` holds the client id each request carried.
 */
export async function loseFirstAnswer(page: Page, pattern: string) {
  const ids: string[] = [];
  let open = false;
  await page.route(pattern, async (route) => {
    ids.push((JSON.parse(route.request().postData() ?? '{}') as { id: string }).id);
    if (open) return route.continue();
    if (ids.length === 1) await route.fetch();
    await route.abort('connectionreset');
  });
  return {
    ids,
    /**
     * The signal is back: tap "retry the same" — unless the phone's own replay delivered first (then
     * the banner is gone and there is nothing to tap). Waits until the banner is gone; `toasts()`
     * gives every toast text shown since, whichever of the two sent it.
     */
    retryWhenBack: async (banner: Locator) => {
      await page.evaluate(() => {
        const w = window as unknown as { __toasts: string[] };
        w.__toasts = [];
        new MutationObserver(() => {
          for (const el of document.querySelectorAll('.adm-toast-main')) {
            const text = el.textContent ?? '';
            if (text && !w.__toasts.includes(text)) w.__toasts.push(text);
          }
        }).observe(document.body, { childList: true, subtree: true, characterData: true });
      });
      open = true;
      const retry = banner.getByTestId('pending-retry');
      await retry.click({ timeout: 5_000 }).catch(async (e) => {
        if (await retry.isVisible()) throw e;
      });
      await expect(banner).toBeHidden();
    },
    toasts: () => page.evaluate(() => (window as unknown as { __toasts: string[] }).__toasts.join(' | ')),
    done: () => page.unroute(pattern),
  };
}
