/** Evidence photos: uploaded once (deduplicated by content), referenced by entries and reports. */
import { createHash } from 'node:crypto';
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { Executor } from '../../db/database';
import { actorOf } from './caller';
import { badRequest, notFound } from '../../lib/errors';
import { newId } from '../../lib/ids';

const IMAGE_TYPES: Record<string, number[]> = {
  'image/jpeg': [0xff, 0xd8, 0xff],
  'image/png': [0x89, 0x50, 0x4e, 0x47],
  'image/webp': [0x52, 0x49, 0x46, 0x46],
};
export const MAX_EVIDENCE_BYTES = 5 * 1024 * 1024;

/** The type a file really is, from its first bytes (not from what the client claims). */
export function sniffImage(data: Buffer): string | null {
  for (const [type, magic] of Object.entries(IMAGE_TYPES)) if (magic.every((b, i) => data[i] === b)) return type;
  return null;
}

/** Store a photo (once per content): audited; announced to the uploader only (it is theirs until an entry uses it). */
export async function storeEvidence(ctx: Ctx, caller: Caller, data: Buffer) {
  const villageId = villageOf(caller).id;
  const accountId = actorOf(caller).accountId;
  const type = sniffImage(data);
  if (!type)
    throw badRequest('NOT_AN_IMAGE', '请上传 JPG、PNG 或 WebP 照片', 'Upload a JPG, PNG or WebP photo', 'file');
  if (data.length > MAX_EVIDENCE_BYTES)
    throw badRequest('TOO_LARGE', '照片不能超过 5 MB', 'The photo must be 5 MB or smaller', 'file');
  const sha256 = createHash('sha256').update(data).digest('hex');
  return write(ctx, caller, async (w) => {
    const same = await w.trx
      .selectFrom('evidenceFiles')
      .select('id')
      .where('villageId', '=', villageId)
      .where('sha256', '=', sha256)
      .executeTakeFirst();
    const id = same?.id ?? newId();
    if (!same) {
      await w.trx
        .insertInto('evidenceFiles')
        .values({ id, villageId, accountId, contentType: type, size: data.length, sha256, data, createdAt: w.now })
        .execute();
      w.audit({
        action: 'points.evidence.upload',
        targetType: 'evidence_file',
        targetId: id,
        after: { type, size: data.length },
      });
      w.emit({ type: 'points.evidence.uploaded', subjectType: 'evidence_file', subjectId: id, accountId });
    }
    return { id, ref: `evidence:${id}`, contentType: type, size: data.length };
  });
}

export async function loadEvidence(ctx: Ctx, villageId: string, id: string) {
  const f = await ctx.db
    .selectFrom('evidenceFiles')
    .select(['contentType', 'data'])
    .where('id', '=', id)
    .where('villageId', '=', villageId)
    .executeTakeFirst();
  if (!f) throw notFound({ zh: '照片', en: 'Photo' }, 'id');
  return f;
}

/** An evidence reference as an upload answers it (`ref`). */
const REF = /^evidence:([A-Za-z0-9_-]{1,64})$/;

/**
 * Every evidence reference of a proposal or a report must name a photo uploaded in this village
 * (by anyone in it): made-up references ("evidence:none", "photo:x.jpg") never count as evidence.
 */
export async function checkEvidence(db: Executor, villageId: string, refs: string[]) {
  if (!refs.length) return;
  const ids = refs.map((r) => REF.exec(r)?.[1]);
  const wanted = [...new Set(ids.filter((id): id is string => id !== undefined))];
  const known = new Set(
    wanted.length
      ? (
          await db
            .selectFrom('evidenceFiles')
            .select('id')
            .where('villageId', '=', villageId)
            .where('id', 'in', wanted)
            .execute()
        ).map((f) => f.id)
      : [],
  );
  const unknown = refs.find((_, i) => !known.has(ids[i] ?? ''));
  if (unknown !== undefined)
    throw badRequest(
      'EVIDENCE_UNKNOWN',
      '证据须是在本村上传的照片，请重新上传',
      'Evidence must be a photo uploaded in this village; upload it again',
      'evidence',
      { ref: unknown.slice(0, 100) },
    );
}
