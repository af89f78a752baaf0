/** Browsing and exporting the audit log (the chief's view of their village). */
import { loadExcel } from '../../lib/excel';
import type { Ctx } from '../../context';
import { maskNumbers } from '../../core/audit-text';
import type { AuditLogTable } from '../../db/types';
import { inertFormulaCells } from '../../lib/spreadsheet-text';

type AuditEntry = AuditLogTable;
import { offsetOf, type PageQuery } from '../../lib/paging';

export interface AuditFilter extends PageQuery {
  account?: string;
  action?: string;
  from?: number;
  to?: number;
  target?: string;
}

/**
 * Rows are masked when written (core/audit-text.ts); they are masked again when read, so that rows
 * written before a masking rule existed (the log is append-only) show no full number either.
 */
const masked = (r: AuditEntry): AuditEntry => ({
  ...r,
  path: r.path === null ? null : maskNumbers(r.path),
  targetId: r.targetId === null ? null : maskNumbers(r.targetId),
  before: r.before === null ? null : maskNumbers(r.before),
  after: r.after === null ? null : maskNumbers(r.after),
});

function query(ctx: Ctx, villageId: string, f: Omit<AuditFilter, 'page' | 'pageSize'>) {
  let q = ctx.db.selectFrom('auditLog').where('villageId', '=', villageId);
  if (f.account) q = q.where('accountId', '=', f.account);
  if (f.action) q = q.where('action', 'like', `${f.action}%`);
  if (f.target) q = q.where('targetId', '=', f.target);
  if (f.from !== undefined) q = q.where('at', '>=', f.from);
  if (f.to !== undefined) q = q.where('at', '<', f.to);
  return q;
}

export async function browseAudit(ctx: Ctx, villageId: string, f: AuditFilter) {
  const base = query(ctx, villageId, f);
  const [{ total }] = await base.select((eb) => eb.fn.countAll<number>().as('total')).execute();
  const items = await base
    .selectAll()
    .orderBy('at', 'desc')
    .orderBy('id', 'desc')
    .limit(f.pageSize)
    .offset(offsetOf(f))
    .execute();
  return { items: items.map(masked), total: Number(total), page: f.page, pageSize: f.pageSize };
}

export async function exportAudit(
  ctx: Ctx,
  villageId: string,
  f: Omit<AuditFilter, 'page' | 'pageSize'>,
): Promise<Buffer> {
  const rows = await query(ctx, villageId, f).selectAll().orderBy('at').limit(100_000).execute();
  const ExcelJS = await loadExcel();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('审计日志 audit');
  ws.columns = [
    { header: '时间 time', key: 'at', width: 22 },
    { header: '操作人 actor', key: 'actorName', width: 14 },
    { header: '来源 IP', key: 'ip', width: 16 },
    { header: '操作 action', key: 'action', width: 36 },
    { header: '状态 status', key: 'status', width: 8 },
    { header: '对象 target', key: 'targetId', width: 38 },
    { header: '之前 before', key: 'before', width: 50 },
    { header: '之后 after', key: 'after', width: 50 },
  ];
  for (const r of rows) ws.addRow({ ...masked(r), at: new Date(r.at).toISOString() });
  inertFormulaCells(ws);
  return Buffer.from(await wb.xlsx.writeBuffer());
}
