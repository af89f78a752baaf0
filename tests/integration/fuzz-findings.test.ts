/**
 * What the fuzz suite (fuzz-routes.test.ts) found, each pinned by a focused test: a coordinate too
 * small for PostgreSQL's 4-byte float answered 500; a path segment longer than the router takes, or
 * a broken percent-escape, answered in Fastify's own shape; a blank number in a query string was
 * read as 0 (`?to=` exported the audit log up to 1970).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from '../helpers/demo-app';

const V = '/api/v1/villages/dahuashan';

const expectErrorShape = (body: any, status: number, code: string, got: number) => {
  expect(got).toBe(status);
  expect(Object.keys(body)).toEqual(['error']);
  expect(body.error).toMatchObject({ code, zh: expect.stringMatching(/[\u4e00-\u9fff]/), en: expect.any(String) });
};

describe('holes the fuzz suite found', () => {
  let t: DemoApp;
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  it('stores a coordinate below a 4-byte float as 0 instead of failing (PostgreSQL)', async () => {
    const res = await t.call('POST', `${V}/households`, {
      number: 'FUZZ-1',
      kind: 'household',
      address: '大华山村 1号',
      lat: 5.000191491923329e-266,
      lng: -1e-300,
    });
    expect(res.status).toBe(201);
    const page = (await t.call('GET', `${V}/households/${res.body.id}`)).body;
    expect(page.household).toMatchObject({ lat: 0, lng: 0 });
    const fine = await t.call('PUT', `${V}/households/${res.body.id}`, {
      number: 'FUZZ-1',
      kind: 'household',
      address: '大华山村 1号',
      lat: 40.123456789,
      lng: 116.98765432,
    });
    expect(fine.status).toBe(200);
    const again = (await t.call('GET', `${V}/households/${res.body.id}`)).body;
    expect(again.household.lat).toBeCloseTo(40.1234568, 4);
    expect(again.household.lng).toBeCloseTo(116.9876543, 4);
  });

  it('answers a path segment longer than the router takes with 414 in the error shape', async () => {
    const res = await t.call('GET', `${V}/households/${'a'.repeat(500)}`);
    expectErrorShape(res.body, 414, 'URL_TOO_LONG', res.status);
    // Before the route is known: the same for a caller the route would refuse.
    const villager = await t.as('villager');
    const denied = await villager('POST', `${V}/structures/${'字'.repeat(200)}/activate`, {});
    expectErrorShape(denied.body, 414, 'URL_TOO_LONG', denied.status);
  });

  it('answers a broken percent-escape in the path with 400 in the error shape', async () => {
    const res = await t.call('GET', `${V}/households/%E0%A4%A`);
    expectErrorShape(res.body, 400, 'BAD_URL', res.status);
  });

  it('refuses a blank number in a query string instead of reading it as 0', async () => {
    for (const url of [
      `${V}/audit?to=`,
      `${V}/audit/export.xlsx?from=%20`,
      `${V}/events?after=&lifetime=0`,
      `${V}/households?page=`,
    ]) {
      const res = await t.call('GET', url);
      expectErrorShape(res.body, 400, 'VALIDATION', res.status);
      expect(res.body.error.field, url).toMatch(/^(to|from|after|page)$/);
    }
    expect((await t.call('GET', `${V}/audit?to=${Date.UTC(2030, 0, 1)}`)).status).toBe(200);
  });
});
