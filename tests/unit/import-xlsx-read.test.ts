/**
 * The fast xlsx reader (xlsx-read.ts) against ExcelJS's full reader, workbook by workbook: the
 * same sheets, rows and cell values, or — for what it does not cover — a refusal, after which
 * readXlsxGrids reads the file with ExcelJS as before.
 */
import { PassThrough } from 'node:stream';
import zlib from 'node:zlib';
import ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { cellValue, readXlsxGrids, readXlsxGridsFull } from '../../server/src/modules/import/parse';
import { readXlsxGridsFast, XlsxUnsupported } from '../../server/src/modules/import/xlsx-read';

/** The same result from the fast reader (which must not give up) as from ExcelJS. */
async function same(data: Buffer) {
  const full = await readXlsxGridsFull(data);
  const fast = await readXlsxGridsFast(data, cellValue);
  expect(fast).toEqual(full);
  // Dates: toEqual compares them by time; be explicit about invalid ones and types too.
  expect(JSON.stringify(fast, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v))).toBe(
    JSON.stringify(full, (_k, v) => (typeof v === 'number' && Number.isNaN(v) ? 'NaN' : v)),
  );
  expect(await readXlsxGrids(data)).toEqual(full);
  return fast;
}

/** The fast reader gives up, and readXlsxGrids still answers as ExcelJS does. */
async function fallsBack(data: Buffer) {
  await expect(readXlsxGridsFast(data, cellValue)).rejects.toBeInstanceOf(XlsxUnsupported);
  const full = await readXlsxGridsFull(data).catch((e: unknown) => e);
  if (full instanceof Error) await expect(readXlsxGrids(data)).rejects.toMatchObject({ code: 'UNREADABLE_FILE' });
  else expect(await readXlsxGrids(data)).toEqual(full);
}

function rosterSheet(wb: ExcelJS.Workbook, name = '花名册') {
  const ws = wb.addWorksheet(name);
  ws.addRow(['大华山村花名册']);
  ws.addRow(['户号', '姓名', '身份证号', '出生日期', '联系电话', '备注']);
  ws.addRow(['DHS-0001', '张三', '110101199003071234', new Date(Date.UTC(1990, 2, 7)), 13800138000, ' 前后有空格 ']);
  ws.addRow([
    'DHS-0001',
    { richText: [{ text: '李', font: { bold: true } }, { text: '四' }] },
    110101199003071234,
    '1990/3/7',
    '138-0013-8000',
    'a & b < c > "d" \'e\'',
  ]);
  ws.addRow([
    { formula: 'A3&"x"', result: 'DHS-0001x' },
    { formula: '1-1', result: 0 },
    { formula: 'TRUE()', result: true },
    { formula: 'FALSE()', result: false },
    { formula: 'NA()', result: { error: '#N/A' } },
    { formula: 'DATE(2020,1,2)', result: new Date(Date.UTC(2020, 0, 2)) },
  ]);
  ws.addRow([true, false, { error: '#DIV/0!' }, 0, -1.5, '']);
  ws.addRow(['line\r\nbreak', 'tab\there', '_x000D_ literal', '全角１２３', '\u3000', null]);
  const dates = ws.addRow([new Date(Date.UTC(2021, 11, 31)), 45000, 45000.5, 12, 0.5, 1]);
  dates.getCell(2).numFmt = 'yyyy"年"m"月"d"日"';
  dates.getCell(3).numFmt = '[$-F800]dddd, mmmm dd, yyyy';
  dates.getCell(4).numFmt = '0.00';
  dates.getCell(5).numFmt = 'h:mm';
  dates.getCell(6).numFmt = '@';
  // A styled but empty cell, and a row of nothing but styled empty cells.
  ws.getCell('H3').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFF0000' } };
  ws.getCell('B12').font = { bold: true };
  ws.getCell('A14').value = 'after a gap';
  // Merged household cells (the master carries the value) and a merge over empty cells.
  ws.getCell('A16').value = 'DHS-0002';
  ws.getCell('B16').value = '王五';
  ws.getCell('B17').value = '王六';
  ws.mergeCells('A16:A18');
  ws.mergeCells('D20:E21');
  return ws;
}

async function buffer(wb: ExcelJS.Workbook, opts: Partial<ExcelJS.XlsxWriteOptions> = {}) {
  return Buffer.from((await wb.xlsx.writeBuffer(opts)) as ArrayBuffer);
}

// A tiny zip writer for hand-made workbooks.
function zip(files: Record<string, string>): Buffer {
  const locals: Buffer[] = [];
  const centrals: Buffer[] = [];
  let offset = 0;
  for (const [name, text] of Object.entries(files)) {
    const data = Buffer.from(text, 'utf8');
    const body = zlib.deflateRawSync(data);
    const nameBytes = Buffer.from(name, 'utf8');
    const crc = zlib.crc32(data);
    const local = Buffer.alloc(30);
    local.writeUInt32LE(0x04034b50, 0);
    local.writeUInt16LE(20, 4);
    local.writeUInt16LE(8, 8);
    local.writeUInt32LE(crc, 14);
    local.writeUInt32LE(body.length, 18);
    local.writeUInt32LE(data.length, 22);
    local.writeUInt16LE(nameBytes.length, 26);
    const central = Buffer.alloc(46);
    central.writeUInt32LE(0x02014b50, 0);
    central.writeUInt16LE(20, 4);
    central.writeUInt16LE(20, 6);
    central.writeUInt16LE(8, 10);
    central.writeUInt32LE(crc, 16);
    central.writeUInt32LE(body.length, 20);
    central.writeUInt32LE(data.length, 24);
    central.writeUInt16LE(nameBytes.length, 28);
    central.writeUInt32LE(offset, 42);
    locals.push(local, nameBytes, body);
    centrals.push(central, nameBytes);
    offset += 30 + nameBytes.length + body.length;
  }
  const cd = Buffer.concat(centrals);
  const end = Buffer.alloc(22);
  end.writeUInt32LE(0x06054b50, 0);
  end.writeUInt16LE(Object.keys(files).length, 8);
  end.writeUInt16LE(Object.keys(files).length, 10);
  end.writeUInt32LE(cd.length, 12);
  end.writeUInt32LE(offset, 16);
  return Buffer.concat([...locals, cd, end]);
}

const NS =
  'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"';

/** A hand-made workbook: sheets (name → worksheet body XML, state), shared strings, styles. */
function handMade(opts: {
  sheets: { name: string; body: string; state?: string }[];
  sst?: string;
  styles?: string;
  date1904?: boolean;
}): Buffer {
  const files: Record<string, string> = {
    '[Content_Types].xml':
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"><Default Extension="xml" ContentType="application/xml"/></Types>',
    '_rels/.rels':
      '<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="xl/workbook.xml"/></Relationships>',
    'xl/workbook.xml': `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<workbook ${NS}>${opts.date1904 ? '<workbookPr date1904="1"/>' : ''}<sheets>${opts.sheets
      .map(
        (s, i) =>
          `<sheet name="${s.name}" sheetId="${i + 1}"${s.state ? ` state="${s.state}"` : ''} r:id="rId${i + 1}"/>`,
      )
      .join('')}</sheets></workbook>`,
    'xl/_rels/workbook.xml.rels': `<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">${opts.sheets
      .map(
        (_s, i) =>
          `<Relationship Id="rId${i + 1}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
      )
      .join('')}</Relationships>`,
  };
  opts.sheets.forEach(
    (s, i) =>
      (files[`xl/worksheets/sheet${i + 1}.xml`] =
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet ${NS}>${s.body}</worksheet>`),
  );
  if (opts.sst)
    files['xl/sharedStrings.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<sst ${NS}>${opts.sst}</sst>`;
  if (opts.styles)
    files['xl/styles.xml'] =
      `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet ${NS}>${opts.styles}</styleSheet>`;
  return zip(files);
}

const STYLES =
  '<numFmts count="1"><numFmt numFmtId="164" formatCode="yyyy&quot;年&quot;m&quot;月&quot;d&quot;日&quot;"/></numFmts>' +
  '<fonts count="1"><font><sz val="11"/></font></fonts><fills count="1"><fill><patternFill patternType="none"/></fill></fills><borders count="1"><border/></borders>' +
  '<cellXfs count="5"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/><xf numFmtId="14" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="164" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="49" fontId="0" fillId="0" borderId="0" applyNumberFormat="1"/><xf numFmtId="2" fontId="0" fillId="0" borderId="0"/></cellXfs>';

describe('fast xlsx reader: the same values as ExcelJS', () => {
  it('reads a roster workbook written by ExcelJS: text, numbers, dates by format, rich text, formulas, booleans, errors, merges, gaps', async () => {
    const wb = new ExcelJS.Workbook();
    const intro = wb.addWorksheet('说明');
    intro.addRow(['请在下一页填写']);
    rosterSheet(wb);
    wb.addWorksheet('隐藏', { state: 'hidden' }).addRow(['户号', '姓名']);
    wb.addWorksheet('深藏', { state: 'veryHidden' }).addRow(['x']);
    wb.addWorksheet('空白');
    const grids = await same(await buffer(wb));
    expect(grids).toHaveLength(3); // hidden sheets left out, the empty one kept
    const roster = grids[1];
    expect(roster.find((r) => r.row === 3)!.cells.slice(0, 5)).toEqual([
      'DHS-0001',
      '张三',
      '110101199003071234',
      new Date(Date.UTC(1990, 2, 7)),
      13800138000,
    ]);
    expect(roster.filter((r) => r.row >= 16 && r.row <= 18).map((r) => r.cells[0])).toEqual([
      'DHS-0002',
      'DHS-0002',
      'DHS-0002',
    ]);
  });

  it('reads it with inline strings instead of shared ones, in the 1904 date system, and as the streaming writer orders the parts', async () => {
    const wb = new ExcelJS.Workbook();
    rosterSheet(wb);
    await same(await buffer(wb, { useSharedStrings: false }));
    const wb1904 = new ExcelJS.Workbook();
    wb1904.properties.date1904 = true;
    rosterSheet(wb1904);
    await same(await buffer(wb1904));

    const out = new PassThrough();
    const chunks: Buffer[] = [];
    out.on('data', (c: Buffer) => chunks.push(c));
    const stream = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
    const ws = stream.addWorksheet('花名册');
    ws.addRow(['户号', '姓名', '身份证号', '出生日期']).commit();
    for (let i = 0; i < 50; i++)
      ws.addRow([
        `H${i}`,
        `名${i}`,
        `11010119900307${String(i).padStart(4, '0')}`,
        new Date(Date.UTC(1990, 0, 1 + i)),
      ]).commit();
    ws.commit();
    await stream.commit();
    expect((await same(Buffer.concat(chunks)))[0]).toHaveLength(51);
  });

  it('reads hand-made XML: entities, line ends, phonetic runs, inline rich text, cell types, duplicate and unordered rows, styles', async () => {
    const sst =
      '<si><t>户号</t></si><si><t xml:space="preserve"> 姓名 </t></si><si><r><rPr><b/><sz val="11"/></rPr><t>张</t></r><r><t>三</t></r><r><rPr><i/></rPr></r></si>' +
      '<si><t>王</t><rPh sb="0" eb="1"><t>wang</t></rPh><phoneticPr fontId="1" type="noConversion"/></si><si><t>a&amp;b&lt;c&gt;&quot;&apos;&#x4E2D;&#22269;</t></si>' +
      '<si><t>CR\r\nLF\rend_x000D_</t></si><si><t/></si><si><t>_x004A_</t></si>';
    const body =
      '<dimension ref="A1:F9"/><sheetViews><sheetView workbookViewId="0"/></sheetViews><cols><col min="1" max="1" width="12"/></cols>\n<sheetData>\n' +
      '<row r="1" spans="1:6"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s" s="0"><v>2</v></c><c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c><c r="F1" t="s"><v>5</v></c></row>\n' +
      '<row r="3"><c r="A3" t="inlineStr"><is><t>inline &amp;amp; text</t></is></c><c r="B3" t="inlineStr"><is><r><rPr><b/></rPr><t>粗</t></r><r><t>_x0041_细</t></r></is></c><c r="C3" t="str"><v>&amp;lt;str&amp;gt;</v></c><c r="D3" t="b"><v>1</v></c><c r="E3" t="e"><v>#REF!</v></c><c r="F3" t="d"><v>2020-01-02T00:00:00</v></c></row>\n' +
      '<row r="2"><c r="A2" s="1"><v>44197</v></c><c r="B2" s="2"><v>44197.75</v></c><c r="C2" s="3"><v>110101199003071234</v></c><c r="D2" s="4"><v>3.14159</v></c><c r="E2" s="1"/><c r="F2"/></row>\n' +
      '<row r="4"><c r="A4" s="1"><f>TODAY()</f><v>44197</v></c><c r="B4"><f t="shared" ref="B4:B5" si="0">A4*0</f><v>0</v></c><c r="C4" t="str"><f>"x"</f><v></v></c><c r="D4" t="b"><f>FALSE()</f><v>0</v></c><c r="E4" t="e"><f>1/0</f><v>#DIV/0!</v></c><c r="F4" t="str"><f>"a"&amp;"b"</f><v>ab</v></c></row>\n' +
      '<row r="5"><c r="B5"><f t="shared" si="0"/><v>7</v></c><c r="C5" s="1"><v>not a number</v></c></row>\n' +
      '<row r="6" s="2" customFormat="1"><c r="A6" s="2"/><c r="B6" s="3"/></row>\n' +
      '<row r="7"><c r="A7" t="s"><v>6</v></c><c r="C7" t="s"><v>7</v></c></row>\n' +
      '<row r="8"><c r="A8"><v>1</v></c><c r="A8" s="2"/><c r="B8"><v>2</v></c><c r="B8"/></row>\n' +
      '<row r="9"/>\n' +
      '<row r="7"><c r="D7"><v>replaces the earlier row 7</v></c></row>\n' +
      '</sheetData>\n<mergeCells count="2"><mergeCell ref="A1:A2"/><mergeCell ref="E10:F12"/></mergeCells><pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
    const grids = await same(handMade({ sheets: [{ name: '花名册', body }], sst, styles: STYLES }));
    expect(grids[0].find((r) => r.row === 1)!.cells).toEqual([
      '户号',
      ' 姓名 ',
      '张三',
      '王',
      'a&b<c>"\'中国',
      'CR\nLF\nend\r',
    ]);
    expect(await same(handMade({ sheets: [{ name: 'S', body }], sst, styles: STYLES, date1904: true }))).not.toEqual(
      grids,
    );
    // Several sheets, one hidden, one empty.
    await same(
      handMade({
        sheets: [
          { name: 'a', body: '<sheetData/>' },
          { name: 'b', body, state: 'hidden' },
          { name: 'c', body },
        ],
        sst,
        styles: STYLES,
      }),
    );
    // Without styles.xml (ExcelJS refuses styled rows then, in any sheet): left to ExcelJS.
    await fallsBack(handMade({ sheets: [{ name: 'a', body }], sst }));
    await fallsBack(
      handMade({
        sheets: [{ name: 'a', body: body.replace('<row r="6" s="2" customFormat="1">', '<row r="6">') }],
        sst,
      }),
    );
  });

  it('gives up on what it does not cover, and ExcelJS reads those files as before', async () => {
    const sheet = (data: string, tail = '') =>
      handMade({ sheets: [{ name: 's', body: `<sheetData>${data}</sheetData>${tail}` }], sst: '<si><t>x</t></si>' });
    const row = '<row r="1"><c r="A1" t="s"><v>0</v></c></row>';
    await fallsBack(sheet(`<!-- a comment -->${row}`));
    await fallsBack(sheet(`<row r="1"><c r="A1" t="inlineStr"><is><t><![CDATA[<x>]]></t></is></c></row>`));
    await fallsBack(sheet(row, '<hyperlinks><hyperlink ref="A1" r:id="rId9"/></hyperlinks>'));
    await fallsBack(sheet('<row r="1"><c t="s"><v>0</v></c></row>'));
    await fallsBack(sheet(row, '<mergeCells><mergeCell ref="A1:B2"/><mergeCell ref="B2:C3"/></mergeCells>'));
    await fallsBack(sheet('<row r="1"><c r="A1"><v>1</v><extLst/></c></row>'));
    await fallsBack(handMade({ sheets: [{ name: 's', body: `<x:sheetData>${row}</x:sheetData>` }] }));
    await fallsBack(sheet('<row r="1"><c r="A1" t="s"><v>5</v></c></row>'));
    await fallsBack(Buffer.from('PK\u0003\u0004 not really a zip'));
  });

  it('keeps the roster import behaviour: header row, row numbers and values through parseFile', async () => {
    const { parseFile } = await import('../../server/src/modules/import/parse');
    const wb = new ExcelJS.Workbook();
    rosterSheet(wb);
    const data = await buffer(wb);
    const sheet = await parseFile('r.xlsx', data);
    expect(sheet.headerRow).toBe(2);
    expect(sheet.rows[0]).toEqual({
      row: 3,
      cells: {
        householdNumber: 'DHS-0001',
        name: '张三',
        idNumber: '110101199003071234',
        birthDate: new Date(Date.UTC(1990, 2, 7)),
        phone: 13800138000,
      },
    });
  });
});
