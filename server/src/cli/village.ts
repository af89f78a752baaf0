import type { Command } from 'commander';
import { cliCaller } from '../core/caller';
import { write } from '../core/write';
import { newId } from '../lib/ids';
import { AppError } from '../lib/errors';
import { nameOrThrow } from '../lib/text';
import { hashPassword, issuePassword } from '../modules/access/passwords';
import { maskPhone, normalizePhone } from '../modules/registry/normalize';
import { activeStructureId } from '../modules/registry/repo';
import { ensurePoints } from '../modules/points/settings';
import { output, villageCaller, withCtx } from './run';

/**
 * Setting up a new village: `wangge village add` creates the tenant (with an empty structure
 * draft to build, and the points system), `wangge village chief` gives its general grid leader a
 * sign-in with an issued password (changed at first sign-in). Both are audited under the CLI.
 */
export function registerVillage(program: Command) {
  const cmd = program.command('village').description('村（租户）/ villages (tenants)');
  cmd
    .command('add')
    .requiredOption('--code <code>', 'short code, e.g. xiaoyu')
    .requiredOption('--name <name>', 'e.g. 小峪村')
    .option('--name-en <name>')
    .option('--town <code>', 'code of the town it belongs to')
    .option('--json')
    .action(async (o: { code: string; name: string; nameEn?: string; town?: string; json?: boolean }) => {
      const r = await withCtx(async (ctx) => {
        if (!/^[a-z][a-z0-9-]{1,31}$/.test(o.code))
          throw new AppError(
            400,
            'BAD_CODE',
            '村代码须为小写字母、数字或连字符',
            'The code must be lower-case letters, digits or hyphens',
            'code',
          );
        const town = o.town
          ? await ctx.db.selectFrom('places').selectAll().where('code', '=', o.town).executeTakeFirst()
          : undefined;
        if (o.town && !town)
          throw new AppError(404, 'NOT_FOUND', `镇 ${o.town} 不存在`, `Town ${o.town} not found`, 'town');
        const id = newId();
        const name = nameOrThrow(o.name, 'name', { max: 100 });
        return write(ctx, cliCaller(null, 'village add'), async (w) => {
          const village = {
            id,
            code: o.code,
            name,
            nameEn: o.nameEn ?? null,
            placeId: town?.id ?? null,
            path: `${town?.path ?? '/'}${o.code}/`,
            createdAt: w.now,
          };
          await w.trx.insertInto('villages').values(village).execute();
          // The points system's defaults, in the same transaction (its use case reads ctx.db).
          await ensurePoints({ ...ctx, db: w.trx }, id);
          w.audit({ villageId: id, action: 'village.create', targetType: 'village', targetId: id, after: village });
          w.emit({ villageId: id, type: 'village.created', subjectType: 'village', subjectId: id });
          return { id, code: o.code, name };
        });
      });
      output(o.json, r, () => `created village ${r.name} (${r.code})`);
    });
  cmd
    .command('chief')
    .requiredOption('--village <code>')
    .requiredOption('--name <name>')
    .requiredOption('--phone <phone>')
    .option('--json')
    .action(async (o: { village: string; name: string; phone: string; json?: boolean }) => {
      const r = await withCtx(async (ctx) => {
        const caller = await villageCaller(ctx, o.village, 'village chief');
        const village = caller.village!;
        const phone = normalizePhone(o.phone);
        if (!phone || phone === 'invalid')
          throw new AppError(400, 'PHONE_FORMAT', '手机号格式不正确', 'The phone number is malformed', 'phone');
        const name = nameOrThrow(o.name, 'name', { personal: true, max: 50 });
        const password = issuePassword();
        const passwordHash = await hashPassword(password);
        return write(ctx, caller, async (w) => {
          const { trx, now } = w;
          const personId = newId();
          await trx
            .insertInto('people')
            .values({
              id: personId,
              villageId: village.id,
              residentId: null,
              name,
              phone,
              gender: null,
              partyMember: 1,
              dutyTags: '[]',
              reserve: 0,
              createdAt: now,
            })
            .execute();
          // A village without an active structure gives nobody a post: bootstrap one with the root
          // and the chief at it, from which the chief imports the roster and drafts the grids.
          let structureId = await activeStructureId(trx, village.id);
          const bootstrap = !structureId;
          const root = structureId
            ? await trx
                .selectFrom('nodes')
                .select(['id', 'path'])
                .where('structureId', '=', structureId)
                .where('kind', '=', 'root')
                .executeTakeFirstOrThrow()
            : null;
          const rootId = root?.id ?? newId();
          if (!structureId) {
            structureId = newId();
            await trx
              .insertInto('structures')
              .values({
                id: structureId,
                villageId: village.id,
                name: '初始结构 / initial structure',
                status: 'active',
                coverage: 'households',
                sizeMin: 15,
                sizeMax: 20,
                basedOn: null,
                note: null,
                createdAt: now,
                activatedAt: now,
                retiredAt: null,
              })
              .execute();
            await trx
              .insertInto('nodes')
              .values({
                id: rootId,
                villageId: village.id,
                structureId,
                parentId: null,
                kind: 'root',
                code: 'ROOT',
                name: village.name,
                path: `/${rootId}/`,
                depth: 0,
                sort: 0,
              })
              .execute();
          }
          const postId = newId();
          await trx
            .insertInto('posts')
            .values({
              id: postId,
              villageId: village.id,
              structureId,
              nodeId: rootId,
              personId,
              role: 'chief',
              validFrom: now,
              validTo: null,
              createdAt: now,
            })
            .execute();
          const accountId = newId();
          await trx
            .insertInto('accounts')
            .values({
              id: accountId,
              kind: 'staff',
              login: phone,
              displayName: name,
              villageId: village.id,
              personId,
              householdId: null,
              placeId: null,
              passwordHash,
              mustChangePassword: 1,
              status: 'active',
              failedLogins: 0,
              lockedUntil: null,
              createdAt: now,
              updatedAt: now,
            })
            .execute();
          w.audit({
            action: 'account.create',
            targetType: 'account',
            targetId: accountId,
            after: { personId, login: maskPhone(phone), role: 'chief', postId, structureId, bootstrap },
          });
          // A new chief post changes who sees the whole village; a bootstrapped structure is an activation.
          w.emit(
            bootstrap
              ? { type: 'structure.activated', subjectType: 'structure', subjectId: structureId, audience: 'all' }
              : {
                  type: 'posts.changed',
                  subjectType: 'post',
                  subjectId: postId,
                  path: root?.path,
                  payload: { structureId, nodeId: rootId, postId, role: 'chief', change: 'appointed' },
                },
          );
          w.emit({ type: 'access.account.created', subjectType: 'account', subjectId: accountId, accountId });
          return { personId, login: phone, issuedPassword: password };
        });
      });
      output(
        o.json,
        r,
        () =>
          `总格长账号 chief account ${r.login}, 初始密码 issued password ${r.issuedPassword} (须在首次登录时修改 / must be changed at first sign-in)`,
      );
    });
}
