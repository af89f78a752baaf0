/** The roster import, its template and the exports (server/src/modules/import/routes.ts). */
import { api, apiUrl, villagePath as v } from './client';
import type { ImportReport } from './types';

export function importFile(village: string, file: File, dryRun: boolean) {
  const form = new FormData();
  form.append('file', file, file.name);
  return api<ImportReport>(`${v(village)}/import`, { method: 'POST', query: { dryRun: String(dryRun) }, body: form });
}

export const templateUrl = (format: 'xlsx' | 'csv') => apiUrl(`/import/template.${format}`);
export const exportUrl = (village: string, what: 'roster' | 'assignments') =>
  apiUrl(`${v(village)}/export/${what}.xlsx`);
