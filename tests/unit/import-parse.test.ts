import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { checkRows } from '../../server/src/modules/import/check';
import { columnOf } from '../../server/src/modules/import/columns';
import { decodeText, parseCsv, writeCsv } from '../../server/src/modules/import/csv';
import { detectFormat, parseFile } from '../../server/src/modules/import/parse';
import { template } from '../../server/src/modules/import/template';

const ctx = { grids: [], residents: new Map(), households: new Map(), today: new Date(Date.UTC(2026, 0, 1)) };

describe('csv', () => {
  it('parses RFC 4180: quotes, doubled quotes, embedded newlines, CRLF and a trailing empty field', () => {
    expect(parseCsv('a,"b,1","say ""hi"""\r\n"x\ny",,\r\nlast,row')).toEqual([
      ['a', 'b,1', 'say "hi"'],
      ['x\ny', '', ''],
      ['last', 'row'],
    ]);
  });

  it('unwraps ="…" and sniffs tabs', () => {
    expect(parseCsv('户号\t身份证号\n1\t="0110"\n')).toEqual([
      ['户号', '身份证号'],
      ['1', '0110'],
    ]);
  });

  it('decodes UTF-8 with or without BOM, and GB18030', () => {
    expect(decodeText(Buffer.from('\ufeff户号', 'utf8'))).toBe('户号');
    expect(decodeText(Buffer.from('户号', 'utf8'))).toBe('户号');
    expect(decodeText(new Uint8Array([0xbb, 0xa7, 0xba, 0xc5]))).toBe('户号'); // GBK bytes
  });

  it('writes what it reads', () => {
    const rows = [
      ['户号', '地址'],
      ['A1', '东街, "1"号'],
    ];
    expect(parseCsv(decodeText(writeCsv(rows)))).toEqual(rows);
  });
});

describe('headers', () => {
  it('maps Chinese and English headers case-, space- and width-insensitively', () => {
    expect(columnOf('户号')).toBe('householdNumber');
    expect(columnOf(' House  Number ')).toBe('householdNumber');
    expect(columnOf('ID NUMBER')).toBe('idNumber');
    expect(columnOf('身份证号（18位）*')).toBe('idNumber');
    expect(columnOf('Relation to head')).toBe('relation');
    expect(columnOf('ｐｈｏｎｅ')).toBe('phone');
    expect(columnOf('备注')).toBeUndefined();
  });

  it('skips a title row, reports unknown headers as warnings and missing ones as problems', async () => {
    const csv = writeCsv([['大华山村花名册'], ['Household Number', 'Name', '备注'], ['A1', '张三', 'x']]);
    const sheet = await parseFile('roster.csv', csv);
    expect(sheet.headerRow).toBe(2);
    expect(sheet.columns).toEqual({ householdNumber: 'Household Number', name: 'Name' });
    expect(sheet.rows).toEqual([{ row: 3, cells: { householdNumber: 'A1', name: '张三' } }]);
    expect(sheet.warnings.map((w) => [w.code, w.column])).toEqual([['UNKNOWN_HEADER', '备注']]);
    expect(sheet.problems.map((p) => [p.row, p.code, p.column])).toEqual([[2, 'MISSING_HEADER', '身份证号']]);
  });

  it('detects the format by extension or by the zip magic', () => {
    expect(detectFormat('a.csv', Buffer.from('x'))).toBe('csv');
    expect(detectFormat('upload', Buffer.from('PK\x03\x04'))).toBe('xlsx');
    expect(() => detectFormat('old.xls', Buffer.from([0xd0, 0xcf, 0x11, 0xe0]))).toThrow(/xlsx/);
  });
});

describe('xlsx', () => {
  it('reads dates, numbers, rich text and formulas', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['户号', '姓名', '身份证号', '出生日期', '联系电话']);
    ws.addRow([
      12,
      { richText: [{ text: '张' }, { text: '三' }] },
      '11011719680315013X',
      new Date(Date.UTC(1968, 2, 15)),
      { formula: '""&13912345678', result: '13912345678' },
    ]);
    const sheet = await parseFile('x.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.rows[0]).toEqual({
      row: 2,
      cells: {
        householdNumber: 12,
        name: '张三',
        idNumber: '11011719680315013X',
        birthDate: new Date(Date.UTC(1968, 2, 15)),
        phone: '13912345678',
      },
    });
  });

  it('gives every row of a merged household cell its value', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('s');
    ws.addRow(['户号', '地址', '姓名', '身份证号']);
    ws.addRow(['H1', '东街', '甲', '1']);
    ws.addRow([null, null, '乙', '2']);
    ws.mergeCells('A2:A3');
    ws.mergeCells('B2:B3');
    const sheet = await parseFile('m.xlsx', Buffer.from(await wb.xlsx.writeBuffer()));
    expect(sheet.rows[1]).toEqual({
      row: 3,
      cells: { householdNumber: 'H1', address: '东街', name: '乙', idNumber: '2' },
    });
  });

  it('refuses a file that is not a workbook', async () => {
    await expect(parseFile('x.xlsx', Buffer.from('PK not really'))).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
  });
});

describe('template', () => {
  for (const format of ['xlsx', 'csv'] as const) {
    it(`${format} parses back to a clean head and spouse`, async () => {
      const sheet = await parseFile(`t.${format}`, await template(format));
      expect(sheet.problems).toEqual([]);
      expect(sheet.warnings).toEqual([]);
      const r = checkRows(sheet, ctx);
      expect(r.problems).toEqual([]);
      expect(r.residents.map((x) => [x.relation, x.gender])).toEqual([
        ['head', 'M'],
        ['spouse', 'F'],
      ]);
    });
  }
});
