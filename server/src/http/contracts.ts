/**
 * Building blocks of the response schemas (modules/<area>/contracts.ts). Every route declares its
 * response: the OpenAPI document is complete, the serializer writes only the declared fields (an
 * internal column added to a row cannot leak), and the web takes its types from the same schemas.
 */
import { z } from 'zod';

export { paged } from '../lib/paging';

/** Epoch milliseconds. */
export const time = z.number();
export const count = z.number().int();
export const nullableText = z.string().nullable();

/** 204: no body. */
export const noContent = z.undefined().describe('No Content');

export const okResult = z.object({ ok: z.boolean() });

/** A file sent as it is (a spreadsheet, a photo): described in the document, never serialized. */
const binary = z.custom<Buffer | string>().meta({ type: 'string', format: 'binary' });
export const fileResponse = (description: string, ...mediaTypes: string[]) => ({
  description,
  content: Object.fromEntries(mediaTypes.map((m) => [m, { schema: binary }])) as Record<
    string,
    { schema: typeof binary }
  >,
});

export const XLSX = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';
export const CSV = 'text/csv';
