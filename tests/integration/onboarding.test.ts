/** A new village from nothing: the CLI creates it and its chief, who signs in, changes the issued password and imports the roster. */
import { describe, expect, it } from 'vitest';
import { makeCtx } from '../../server/src/context';
import { buildApp } from '../../server/src/http/app';
import { systemClock } from '../../server/src/lib/clock';
import { cliDatabase } from '../helpers/cli';
import { client } from '../helpers/demo-app';
import { generateRoster, multipart, toCsv } from '../helpers/import-fixture';

describe('onboarding a new village', () => {
  it('village add → village chief → sign in, change password → import the roster', async () => {
    const { database, cli, close } = await cliDatabase('onboard');
    try {
      expect((await cli(['migrate'])).code).toBe(0);
      const made = await cli(['village', 'add', '--code', 'xiaoyu', '--name', '小峪村']);
      expect(made.out).toMatchObject({ code: 'xiaoyu', name: '小峪村' });
      const chief = await cli([
        'village',
        'chief',
        '--village',
        'xiaoyu',
        '--name',
        '李书记',
        '--phone',
        '139 1234 5678',
      ]);
      expect(chief.out.login).toBe('13912345678');
      const bad = await cli(['village', 'chief', '--village', 'xiaoyu', '--name', 'x', '--phone', '123']);
      expect(bad.code).toBe(1);
      expect(bad.out.error.code).toBe('PHONE_FORMAT');

      const app = await buildApp(makeCtx(database, systemClock), { webDir: null });
      const c = client(app);
      expect(
        (await c('POST', '/api/v1/auth/sign-in', { login: '13912345678', password: chief.out.issuedPassword })).body
          .mustChangePassword,
      ).toBe(true);
      expect(
        (
          await c('POST', '/api/v1/auth/password', {
            currentPassword: chief.out.issuedPassword,
            newPassword: 'xiaoyu2026',
          })
        ).status,
      ).toBe(200);
      const me = (await c('GET', '/api/v1/auth/me')).body;
      expect(me.roles).toEqual(['chief']);
      const roster = toCsv(generateRoster({ households: 40, residents: 90 }));
      const cookies = (c as unknown as { cookies: Map<string, string> }).cookies;
      const auth = {
        cookie: [...cookies].map(([k, v]) => `${k}=${v}`).join('; '),
        'x-csrf-token': cookies.get('wangge_csrf')!,
      };
      const imported = await app.inject({
        method: 'POST',
        url: '/api/v1/villages/xiaoyu/import?dryRun=false',
        ...multipart('roster.csv', roster, auth),
      });
      expect(imported.statusCode, imported.body).toBe(200);
      expect((await c('GET', '/api/v1/villages/xiaoyu')).body.counts.residents).toBe(90);
      await app.close();
    } finally {
      await close();
    }
  });
});
