/**
 * The rule catalogue from a spreadsheet (xlsx or csv): one row per item, Chinese headers with
 * English aliases. New codes are added, changed ones revised (a new version), the same ones left
 * alone; every problem is listed with row and column, and nothing is written if there is any.
 */
import type { Ctx } from '../../context';
import { villageOf, type Caller } from '../../core/caller';
import { write } from '../../core/write';
import type { PointsAccountKind, Role, RuleEntryKind } from '../../db/types';
import { AppError } from '../../lib/errors';
import { checkName } from '../../lib/text';
import { readGrid } from '../import/parse';
import { labelLookup, roles } from '../registry/labels';
import { createRule, listRules, reviseRule, type RuleInput } from './catalogue';

const HEADERS: Record<string, keyof RuleInput> = {
  编号: 'code',
  code: 'code',
  适用对象: 'accountKind',
  account: 'accountKind',
  'account kind': 'accountKind',
  类别: 'entryKind',
  kind: 'entryKind',
  'entry kind': 'entryKind',
  名称: 'name',
  name: 'name',
  分值: 'points',
  points: 'points',
  需证据: 'evidenceRequired',
  evidence: 'evidenceRequired',
  每年上限: 'periodLimit',
  limit: 'periodLimit',
  'period limit': 'periodLimit',
  提出人: 'proposers',
  proposers: 'proposers',
  需审核: 'needsReview',
  review: 'needsReview',
  需公示: 'needsPublication',
  publication: 'needsPublication',
};
const accountKinds = labelLookup<PointsAccountKind>({
  member: { zh: '网格员', en: 'member', aliases: ['grid member'] },
  household: { zh: '农户', en: 'household', aliases: ['户', '住户'] },
});
const entryKinds = labelLookup<RuleEntryKind>({
  positive: { zh: '正向积分', en: 'positive', aliases: ['加分'] },
  bonus: { zh: '特殊加分', en: 'bonus', aliases: ['special bonus'] },
  deduction: { zh: '负向减分', en: 'deduction', aliases: ['扣分', '减分'] },
  redline: { zh: '红线清零', en: 'redline', aliases: ['red line', '红线'] },
});
const roleOf = labelLookup<Role>(roles);
const yes = (v: string) => /^(是|需要|y|yes|true|1)$/i.test(v.trim());

export interface CatalogueProblem {
  row: number;
  column: string;
  code: string;
  zh: string;
  en: string;
}

export async function importCatalogue(
  ctx: Ctx,
  caller: Caller,
  file: { fileName: string; data: Buffer; dryRun: boolean },
) {
  const villageId = villageOf(caller).id;
  const grid = await readGrid(file.fileName, file.data);
  const [head, ...body] = grid;
  const problems: CatalogueProblem[] = [];
  const cols = (head?.cells ?? []).map(
    (c) =>
      HEADERS[
        String(c ?? '')
          .trim()
          .toLowerCase()
      ] ?? HEADERS[String(c ?? '').trim()],
  );
  for (const need of ['code', 'accountKind', 'entryKind', 'name', 'points'] as const) {
    if (!cols.includes(need))
      problems.push({
        row: head?.row ?? 1,
        column: need,
        code: 'MISSING_HEADER',
        zh: `缺少列：${need}`,
        en: `Missing column: ${need}`,
      });
  }
  const items: RuleInput[] = [];
  for (const r of problems.length ? [] : body) {
    const v: Record<string, string> = {};
    cols.forEach((k, i) => k && r.cells[i] !== undefined && (v[k] = String(r.cells[i]).trim()));
    if (!Object.keys(v).length) continue;
    const bad = (column: string, zh: string, en: string) =>
      problems.push({ row: r.row, column, code: 'BAD_VALUE', zh, en });
    const accountKind = accountKinds(v.accountKind ?? '');
    const entryKind = entryKinds(v.entryKind ?? '');
    const points = Number(v.points ?? 'x');
    const proposers = (v.proposers ?? '网格员')
      .split(/[、,，;；\s]+/)
      .filter(Boolean)
      .map((p) => roleOf(p));
    // The same bounds as the API's (schema.ts ruleBody).
    if (!v.code) bad('编号', '编号不能为空', 'Code is required');
    else if (!/^[A-Za-z0-9_-]{1,32}$/.test(v.code))
      bad('编号', '编号只能用字母、数字、- 和 _，最多 32 位', 'The code is letters, digits, - and _, at most 32');
    if (!accountKind)
      bad('适用对象', `无法识别的适用对象：${v.accountKind ?? ''}`, `Unknown account kind: ${v.accountKind ?? ''}`);
    if (!entryKind) bad('类别', `无法识别的类别：${v.entryKind ?? ''}`, `Unknown entry kind: ${v.entryKind ?? ''}`);
    const name = checkName(v.name, { max: 100 });
    if (!name.ok) bad('名称', name.zh, name.en);
    if (!Number.isInteger(points) || points < 0 || points > 10_000)
      bad('分值', '分值须为 0–10000 的整数', 'Points must be a whole number from 0 to 10,000');
    if (proposers.some((p) => !p)) bad('提出人', '提出人岗位无法识别', 'Unknown proposer role');
    const limit = v.periodLimit ? Number(v.periodLimit) : null;
    if (limit !== null && (!Number.isInteger(limit) || limit < 1 || limit > 10_000))
      bad('每年上限', '每年上限须为 1–10000 的整数', 'The period limit must be a whole number from 1 to 10,000');
    if (accountKind && entryKind && v.code && name.ok && Number.isInteger(points))
      items.push({
        code: v.code,
        accountKind,
        entryKind,
        name: name.value,
        points,
        evidenceRequired: yes(v.evidenceRequired ?? ''),
        periodLimit: limit,
        proposers: proposers.filter((p): p is Role => !!p),
        needsReview: v.needsReview === undefined ? true : yes(v.needsReview),
        needsPublication: v.needsPublication === undefined ? true : yes(v.needsPublication),
      });
  }
  if (problems.length) {
    if (file.dryRun) return { dryRun: true, added: 0, revised: 0, unchanged: 0, problems };
    throw new AppError(
      400,
      'IMPORT_INVALID',
      `细则表有 ${problems.length} 处问题，未导入`,
      `The catalogue has ${problems.length} problem(s); nothing was imported`,
      'file',
      problems,
    );
  }
  const current = new Map((await listRules(ctx, villageId)).map((r) => [r.code, r]));
  const same = (a: RuleInput, b: ReturnType<typeof current.get>) =>
    !!b &&
    b.accountKind === a.accountKind &&
    b.entryKind === a.entryKind &&
    b.name === a.name &&
    b.points === (a.entryKind === 'redline' ? 0 : a.points) &&
    b.evidenceRequired === a.evidenceRequired &&
    b.periodLimit === a.periodLimit &&
    b.needsReview === a.needsReview &&
    b.needsPublication === a.needsPublication &&
    JSON.stringify([...b.proposers].sort()) === JSON.stringify([...a.proposers].sort());
  const counts = { added: 0, revised: 0, unchanged: 0 };
  for (const item of items) {
    const cur = current.get(item.code);
    if (same(item, cur)) counts.unchanged++;
    else if (cur) counts.revised++;
    else counts.added++;
  }
  if (file.dryRun) return { dryRun: true, ...counts, problems };
  // One write: every rule added or revised, or none (each is audited and announced inside it).
  await write(ctx, caller, async () => {
    for (const item of items) {
      const cur = current.get(item.code);
      if (same(item, cur)) continue;
      if (cur) await reviseRule(ctx, caller, item);
      else await createRule(ctx, caller, item);
    }
  });
  return { dryRun: false, ...counts, problems };
}
