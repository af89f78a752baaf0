import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { demoApp, type DemoApp } from '../helpers/demo-app';
import { multipart } from '../helpers/import-fixture';

const P = '/api/v1/villages/dahuashan/points';
// A 1×1 PNG.
const png = Buffer.from(
  'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9QDwADhgGAWjR9awAAAABJRU5ErkJggg==',
  'base64',
);

describe('evidence photos', () => {
  let t: DemoApp;
  beforeAll(async () => {
    t = await demoApp();
  });
  afterAll(async () => t.close());

  const upload = async (who: 'gridMember' | 'villager', name: string, data: Buffer) => {
    const c = await t.as(who);
    const cookies = (c as unknown as { cookies: Map<string, string> }).cookies;
    const auth = {
      cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
      'x-csrf-token': cookies.get('wangge_csrf')!,
    };
    const res = await t.app.inject({ method: 'POST', url: `${P}/evidence`, ...multipart(name, data, auth) });
    return { res, c };
  };

  it('stores a photo once, serves it back to the village, and refuses what is not an image', async () => {
    const { res, c } = await upload('gridMember', 'yard.png', png);
    expect(res.statusCode).toBe(201);
    const body = res.json();
    expect(body).toMatchObject({ contentType: 'image/png', size: png.length });
    expect(body.ref).toBe(`evidence:${body.id}`);
    const again = await upload('villager', 'same.png', png);
    expect(again.res.json().id).toBe(body.id); // the same content is stored once
    const back = await c('GET', `${P}/evidence/${body.id}`);
    expect(back.status).toBe(200);
    expect(back.headers['content-type']).toBe('image/png');
    const fake = await upload('gridMember', 'photo.jpg', Buffer.from('<script>alert(1)</script>'));
    expect(fake.res.statusCode).toBe(400);
    expect(fake.res.json().error).toMatchObject({ code: 'NOT_AN_IMAGE', field: 'file' });
    expect((await t.anonymous('GET', `${P}/evidence/${body.id}`)).status).toBe(401);
  });
});
