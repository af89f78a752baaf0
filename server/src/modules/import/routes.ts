import type { FastifyReply, FastifyRequest } from 'fastify';
import type { FastifyPluginAsyncZod } from 'fastify-type-provider-zod';
import type { Ctx } from '../../context';
import { callerOf } from '../../http/caller';
import { AppError } from '../../lib/errors';
import { safeFileName } from '../../lib/text';
import { importQuery, rosterQuery, villageParams } from './schema';
import { exportAssignments, exportRoster, importRoster, template } from './service';
import { CSV as CSV_FILE, fileResponse, XLSX as XLSX_FILE } from '../../http/contracts';
import { importReportSchema } from './contracts';

const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
const CSV = 'text/csv; charset=utf-8';

function sendFile(reply: FastifyReply, type: string, fileName: string, data: Buffer) {
  const ascii = fileName.replace(/[^\x20-\x7e]/g, '_');
  return reply
    .header('content-type', type)
    .header('content-disposition', `attachment; filename="${ascii}"; filename*=UTF-8''${encodeURIComponent(fileName)}`)
    .send(data);
}

const noFile = () =>
  new AppError(
    400,
    'NO_FILE',
    '请上传表格文件（表单字段 file）',
    'Upload the spreadsheet as multipart field "file"',
    'file',
  );

async function uploaded(req: FastifyRequest): Promise<{ fileName: string; data: Buffer }> {
  if (!req.isMultipart()) throw noFile();
  const part = await req.file();
  if (!part || part.fieldname !== 'file') throw noFile();
  return { fileName: safeFileName(part.filename, 'upload'), data: await part.toBuffer() };
}

export const importRoutes =
  (ctx: Ctx): FastifyPluginAsyncZod =>
  async (app) => {
    app.post(
      '/villages/:village/import',
      {
        config: { policy: 'import.write' },
        schema: {
          tags: ['import'],
          summary: '导入花名册（xlsx/csv）/ Import the roster (xlsx/csv)',
          description:
            'multipart/form-data, field `file`. `dryRun=true` checks and reports without writing; otherwise all-or-nothing, 400 IMPORT_INVALID with the problems in `details`.',
          params: villageParams,
          querystring: importQuery,
          response: { 200: importReportSchema },
        },
      },
      async (req) => {
        const file = await uploaded(req);
        return importRoster(ctx, callerOf(req), { ...file, dryRun: req.query.dryRun });
      },
    );

    app.get(
      '/import/template.xlsx',
      {
        config: { policy: 'public' },
        schema: {
          tags: ['import'],
          summary: '花名册模板 xlsx / Roster template (xlsx)',
          response: { 200: fileResponse('花名册模板 / roster template', XLSX_FILE) },
        },
      },
      async (_req, reply) => sendFile(reply, XLSX, '花名册模板.xlsx', await template('xlsx')),
    );

    app.get(
      '/import/template.csv',
      {
        config: { policy: 'public' },
        schema: {
          tags: ['import'],
          summary: '花名册模板 csv / Roster template (csv)',
          response: { 200: fileResponse('花名册模板 / roster template', CSV_FILE) },
        },
      },
      async (_req, reply) => sendFile(reply, CSV, '花名册模板.csv', await template('csv')),
    );

    app.get(
      '/villages/:village/export/roster.xlsx',
      {
        config: { policy: 'export.read', auditRead: true },
        schema: {
          tags: ['import'],
          summary: '导出花名册 / Export the roster',
          description: 'ID and phone numbers are masked unless `reveal=1`; only a revealed export can be re-imported.',
          params: villageParams,
          querystring: rosterQuery,
          response: { 200: fileResponse('花名册 / the roster', XLSX_FILE) },
        },
      },
      async (req, reply) => {
        const data = await exportRoster(ctx, callerOf(req), { reveal: req.query.reveal });
        return sendFile(reply, XLSX, `花名册-${req.params.village}.xlsx`, data);
      },
    );

    app.get(
      '/villages/:village/export/assignments.xlsx',
      {
        config: { policy: 'export.read', auditRead: true },
        schema: {
          tags: ['import'],
          summary: '导出网格分配 / Export grid assignments',
          params: villageParams,
          response: { 200: fileResponse('网格分配 / grid assignments', XLSX_FILE) },
        },
      },
      async (req, reply) =>
        sendFile(reply, XLSX, `网格分配-${req.params.village}.xlsx`, await exportAssignments(ctx, callerOf(req))),
    );
  };
