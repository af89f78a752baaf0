/** A new village from nothing: the CLI creates it and its chief, who signs in, changes the issued password and imports the roster. */
import { mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { makeCtx } from '../../server/src/context';
import { buildApp } from '../../server/src/http/app';
import { systemClock } from '../../server/src/lib/clock';
import { cliDatabase } from '../helpers/cli';
import { client } from '../helpers/demo-app';
import { generateRoster, multipart, toCsv } from '../helpers/import-fixture';

describe('onboarding a new village', () => {
  // Five CLI processes, each starting tsx: minutes on a loaded machine.
  it('village add → village chief → sign in, change password → import the roster', { timeout: 300_000 }, async () => {
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

      // The same roster again, from the CLI: nothing changes, and the import is audited under the CLI.
      const file = path.join(mkdtempSync(path.join(os.tmpdir(), 'wangge-roster-')), 'roster.csv');
      writeFileSync(file, roster);
      const again = await cli(['import', file, '--village', 'xiaoyu']);
      expect(again.code, JSON.stringify(again.out)).toBe(0);
      expect(again.out.households).toMatchObject({ created: 0, updated: 0 });
      const village = await database.db
        .selectFrom('villages')
        .select('id')
        .where('code', '=', 'xiaoyu')
        .executeTakeFirstOrThrow();
      const log = await database.db
        .selectFrom('auditLog')
        .select(['action', 'actorName', 'accountId', 'targetId', 'villageId'])
        .where('villageId', '=', village.id)
        .orderBy('at')
        .orderBy('id')
        .execute();
      const imports = log.filter((r) => r.action === 'import.apply');
      expect(imports.map((r) => r.actorName)).toEqual(['李书记', 'cli: wangge import']);
      expect(imports[1]).toMatchObject({ accountId: null, targetId: again.out.importId });
      // Every CLI write is there, named by its command, in the village it concerns.
      expect(log.find((r) => r.action === 'village.create')).toMatchObject({ actorName: 'cli: wangge village add' });
      expect(log.find((r) => r.action === 'account.create')).toMatchObject({ actorName: 'cli: wangge village chief' });
      const events = await database.db
        .selectFrom('events')
        .select('type')
        .where('villageId', '=', village.id)
        .where('type', '=', 'registry.roster.imported')
        .execute();
      expect(events).toHaveLength(2);
    } finally {
      await close();
    }
  });
});
