/** The blank roster template: the headers and two example rows (a head and a spouse with valid ID numbers). */
import { makeIdNumber } from '../registry/idcard';
import { COLUMNS } from './columns';
import { writeCsv } from './csv';
import { rosterHeaders, rowValues, type RosterRow } from './roster';
import { writeXlsx } from './xlsx';

export const templateRows = (): RosterRow[] => [
  {
    householdNumber: 'A001',
    address: '大华山村东街1号',
    householdKind: '住户',
    name: '张建国',
    gender: '男',
    idNumber: makeIdNumber('110117', '1968-03-15', 13),
    birthDate: '1968-03-15',
    relation: '户主',
    phone: '13912345678',
    status: '常住',
    tags: '退役军人',
  },
  {
    householdNumber: 'A001',
    address: '大华山村东街1号',
    householdKind: '住户',
    name: '李秀英',
    gender: '女',
    idNumber: makeIdNumber('110117', '1970-08-02', 24),
    birthDate: '1970-08-02',
    relation: '配偶',
    status: '常住',
  },
];

export async function template(format: 'xlsx' | 'csv'): Promise<Buffer> {
  const rows = templateRows().map(rowValues);
  if (format === 'csv') return writeCsv([rosterHeaders(), ...rows]);
  return writeXlsx([
    { name: '花名册', columns: COLUMNS.map((c) => ({ header: c.zh, width: c.width, text: c.text })), rows },
  ]);
}
