import { describe, expect, it } from 'vitest';
import { checkRows, type CheckContext, type ExistingResident } from '../../server/src/modules/import/check';
import type { ColumnKey } from '../../server/src/modules/import/columns';
import { COLUMNS } from '../../server/src/modules/import/columns';
import type { RawRow } from '../../server/src/modules/import/types';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';

const columns = Object.fromEntries(COLUMNS.map((c) => [c.key, c.zh])) as Record<ColumnKey, string>;
const ctx = (over: Partial<CheckContext> = {}): CheckContext => ({
  grids: [{ id: 'g1', code: 'G01', name: '第1网格' }],
  residents: new Map<string, ExistingResident>(),
  households: new Map(),
  today: new Date(Date.UTC(2026, 0, 1)),
  ...over,
});
const male = (birth: string, seq = 1) => makeIdNumber('110117', birth, seq);
const female = (birth: string, seq = 2) => makeIdNumber('110117', birth, seq);

let rowNo = 1;
const row = (cells: RawRow['cells']): RawRow => ({ row: ++rowNo, cells });
const person = (hh: string, name: string, id: string, relation: string, extra: RawRow['cells'] = {}) =>
  row({ householdNumber: hh, address: `${hh}号`, householdKind: '住户', name, idNumber: id, relation, ...extra });

const find = <P extends { code: string }>(ps: P[], code: string) => ps.filter((p) => p.code === code);

describe('import check: planted problems', () => {
  rowNo = 1;
  const good = male('1968-03-15');
  const wrongCheck = good.slice(0, 17) + (good[17] === '0' ? '1' : '0');
  const dup = male('1975-05-05', 11);
  const villageDup = male('1960-06-06', 21);
  const rows: RawRow[] = [
    person('A1', '张三', good, '户主'), // 2: clean
    person('A2', '李四', wrongCheck, '户主'), // 3: ID_CHECK_DIGIT
    person('A3', '王五', '12345', '户主'), // 4: ID_FORMAT
    person('A4', '赵六', makeIdNumber('110117', '1990-02-30', 1), '户主'), // 5: ID_BIRTH_DATE
    person('A5', '孙七', dup, '户主'), // 6: DUPLICATE_ID (file)
    person('A6', '周八', dup, '户主'), // 7: DUPLICATE_ID (file)
    person('A7', '钱七', villageDup, '户主'), // 8: DUPLICATE_ID (village, other household, other name)
    row({ name: '吴九', idNumber: male('1980-01-01', 31), relation: '户主' }), // 9: MISSING_HOUSEHOLD_NUMBER
    person('A8', '郑十', male('1981-01-01', 33), '户主', { grid: 'G99' }), // 10: UNKNOWN_GRID
    person('A9', '冯一', male('1982-01-01', 35), '户主', { phone: '12345' }), // 11: PHONE_FORMAT
    person('B1', '陈二', female('1983-01-01', 36), '配偶'), // 12: NO_HEAD
    person('B2', '褚三', male('1984-01-01', 37), '户主'), // 13: TWO_HEADS
    person('B2', '卫四', male('1985-01-01', 39), '户主'), // 14: TWO_HEADS
    person('B3', '蒋五', male('1986-01-01', 41), '户主', { birthDate: '1987-01-01' }), // 15: BIRTH_DATE_MISMATCH
    person('B4', '沈六', male('1987-01-01', 43), '户主', { gender: '女' }), // 16: GENDER_MISMATCH
    person('B5', '', male('1988-01-01', 45), '户主'), // 17: MISSING_NAME
    person('B6', '韩七', male('1989-01-01', 47), '户主', { householdKind: '工厂' }), // 18: UNKNOWN_VALUE 户类型
    person('B7', '杨八', male('1990-01-01', 49), '户主', { gender: '未知' }), // 19: UNKNOWN_VALUE 性别
    person('B8', '朱九', male('1991-01-01', 51), '邻居'), // 20: UNKNOWN_VALUE 关系 (and so NO_HEAD)
    person('B9', '秦十', male('1992-01-01', 53), '户主', { status: '失踪' }), // 21: UNKNOWN_VALUE 居住状态
    person('C1', '尤一', male('1993-01-01', 55), '户主', { address: '东街1号' }), // 22
    person('C1', '许二', female('1994-01-01', 56), '配偶', { address: '西街2号' }), // 23: INCONSISTENT_HOUSEHOLD
  ];
  const existing = new Map<string, ExistingResident>([
    [villageDup, { householdNumber: 'X9', name: '赵老六', relation: 'head' }],
  ]);
  const result = checkRows({ columns, rows }, ctx({ residents: existing }));
  const at = (r: number, code: string, column: string) =>
    expect(
      result.problems.some((p) => p.row === r && p.code === code && p.column === column),
      `row ${r} ${code} ${column}`,
    ).toBe(true);

  it('reports every planted problem with its row, column and code', () => {
    at(3, 'ID_CHECK_DIGIT', '身份证号');
    at(4, 'ID_FORMAT', '身份证号');
    at(5, 'ID_BIRTH_DATE', '身份证号');
    at(6, 'DUPLICATE_ID', '身份证号');
    at(7, 'DUPLICATE_ID', '身份证号');
    at(8, 'DUPLICATE_ID', '身份证号');
    at(9, 'MISSING_HOUSEHOLD_NUMBER', '户号');
    at(10, 'UNKNOWN_GRID', '网格');
    at(11, 'PHONE_FORMAT', '联系电话');
    at(12, 'NO_HEAD', '与户主关系');
    at(13, 'TWO_HEADS', '与户主关系');
    at(14, 'TWO_HEADS', '与户主关系');
    at(15, 'BIRTH_DATE_MISMATCH', '出生日期');
    at(16, 'GENDER_MISMATCH', '性别');
    at(17, 'MISSING_NAME', '姓名');
    at(18, 'UNKNOWN_VALUE', '户类型');
    at(19, 'UNKNOWN_VALUE', '性别');
    at(20, 'UNKNOWN_VALUE', '与户主关系');
    at(21, 'UNKNOWN_VALUE', '居住状态');
    at(23, 'INCONSISTENT_HOUSEHOLD', '地址');
  });

  it('has Chinese and English messages, and nothing on the clean rows', () => {
    for (const p of result.problems) {
      expect(p.zh).toMatch(/[\u4e00-\u9fff]/);
      expect(p.en).toMatch(/[a-z]/);
    }
    expect(result.problems.filter((p) => p.row === 2 || p.row === 22)).toEqual([]);
    expect(find(result.problems, 'DUPLICATE_ID').find((p) => p.row === 6)!.zh).toContain('6、7');
  });

  it('keeps only the clean residents', () => {
    const kept = new Set(result.residents.map((r) => r.row));
    expect(kept.has(2)).toBe(true);
    for (const r of [3, 4, 5, 6, 7, 8, 9, 10, 11, 15, 16, 17, 18, 19, 20, 21])
      expect(kept.has(r), `row ${r}`).toBe(false);
  });
});

describe('import check: normalisation and derivation', () => {
  it('accepts full-width digits and letters and stray spaces', () => {
    const id = male('1970-07-07', 7);
    const wide = [...id].map((c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0)).join('');
    const r = checkRows(
      {
        columns,
        rows: [
          {
            row: 2,
            cells: {
              householdNumber: ' Ａ０１ ',
              address: ' 东街　 1号 ',
              name: ' 张 三 ',
              idNumber: ` ${wide.slice(0, 6)} ${wide.slice(6)} `,
              relation: ' 户主 ',
              phone: '１３９ １２３４ ５６７８',
              grid: ' g01 ',
              tags: '低保，独居老人; 低保',
            },
          },
        ],
      },
      ctx(),
    );
    expect(r.problems).toEqual([]);
    expect(r.residents[0]).toMatchObject({
      householdNumber: 'A01',
      name: '张三',
      idNumber: id,
      phone: '13912345678',
      tags: ['低保', '独居老人'],
    });
    expect(r.households[0]).toMatchObject({ number: 'A01', address: '东街 1号', gridNodeId: 'g1' });
  });

  it('derives gender and birth date from the ID number when the cells are empty', () => {
    const r = checkRows(
      {
        columns,
        rows: [
          { row: 2, cells: { householdNumber: 'A', name: '甲', idNumber: male('1950-12-31', 9), relation: '户主' } },
          {
            row: 3,
            cells: {
              householdNumber: 'A',
              name: '乙',
              idNumber: female('1952-02-29', 8),
              relation: '配偶',
              gender: 'F',
              birthDate: new Date(Date.UTC(1952, 1, 29)),
            },
          },
        ],
      },
      ctx(),
    );
    expect(r.problems).toEqual([]);
    expect(r.residents.map((x) => [x.gender, x.birthDate])).toEqual([
      ['M', '1950-12-31'],
      ['F', '1952-02-29'],
    ]);
  });

  it('accepts English labels and codes for enumerations, and a grid by name', () => {
    const r = checkRows(
      {
        columns,
        rows: [
          {
            row: 2,
            cells: {
              householdNumber: 'A',
              householdKind: 'shop',
              grid: '第1网格',
              name: '甲',
              idNumber: male('1960-01-01'),
              relation: 'head',
              gender: 'male',
              status: 'migrant',
            },
          },
        ],
      },
      ctx(),
    );
    expect(r.problems).toEqual([]);
    expect(r.households[0]).toMatchObject({ kind: 'shop', gridNodeId: 'g1' });
    expect(r.residents[0]).toMatchObject({ relation: 'head', status: 'migrant' });
  });

  it('treats a row without name and ID as the unit only, and needs no head for a unit', () => {
    const r = checkRows(
      {
        columns,
        rows: [
          {
            row: 2,
            cells: {
              householdNumber: 'S1',
              householdKind: '商户',
              unitName: '大华山小卖部',
              address: '村口',
              householdTags: '商户',
            },
          },
          { row: 3, cells: { householdNumber: 'S1', name: '店员', idNumber: male('1990-01-01'), relation: '其他' } },
        ],
      },
      ctx(),
    );
    expect(r.problems).toEqual([]);
    expect(r.households).toEqual([
      { number: 'S1', firstRow: 2, kind: 'shop', unitName: '大华山小卖部', address: '村口', tags: ['商户'] },
    ]);
  });

  it('takes 标签 of a unit-only row as household tags when there is no 户标签 column', () => {
    const { householdTags: _h, ...noHouseholdTags } = columns;
    const r = checkRows(
      {
        columns: noHouseholdTags,
        rows: [{ row: 2, cells: { householdNumber: 'S1', householdKind: '机关单位', tags: '党建、便民' } }],
      },
      ctx(),
    );
    expect(r.problems).toEqual([]);
    expect(r.households[0]).toMatchObject({ kind: 'institution', tags: ['党建', '便民'] });
  });

  it('counts stored heads: a spouse added to a stored household needs no head row, a second head is refused', () => {
    const headId = male('1950-01-01', 1);
    const residents = new Map<string, ExistingResident>([
      [headId, { householdNumber: 'A', name: '甲', relation: 'head' }],
    ]);
    const spouse = checkRows(
      {
        columns,
        rows: [
          { row: 2, cells: { householdNumber: 'A', name: '乙', idNumber: female('1951-01-01'), relation: '配偶' } },
        ],
      },
      ctx({ residents }),
    );
    expect(spouse.problems).toEqual([]);
    const second = checkRows(
      {
        columns,
        rows: [
          { row: 2, cells: { householdNumber: 'A', name: '丙', idNumber: male('1952-01-01', 3), relation: '户主' } },
        ],
      },
      ctx({ residents }),
    );
    expect(second.problems.map((p) => p.code)).toEqual(['TWO_HEADS']);
  });

  it('lets a resident move to another household under the same name, and needs a relation for new residents only', () => {
    const id = male('1950-01-01', 1);
    const residents = new Map<string, ExistingResident>([
      [id, { householdNumber: 'OLD', name: '甲', relation: 'head' }],
    ]);
    const moved = checkRows(
      { columns, rows: [{ row: 2, cells: { householdNumber: 'NEW', name: '甲', idNumber: id } }] },
      ctx({ residents }),
    );
    expect(moved.problems).toEqual([]);
    expect(moved.residents[0].relation).toBeUndefined();
    const fresh = checkRows(
      { columns, rows: [{ row: 2, cells: { householdNumber: 'NEW', name: '乙', idNumber: male('1960-01-01', 5) } }] },
      ctx(),
    );
    expect(fresh.problems.map((p) => p.code)).toContain('MISSING_RELATION');
  });

  it('explains masked and numeric ID numbers', () => {
    const r = checkRows(
      {
        columns,
        rows: [
          { row: 2, cells: { householdNumber: 'A', name: '甲', idNumber: '110117********1234', relation: '户主' } },
          { row: 3, cells: { householdNumber: 'B', name: '乙', idNumber: 110117196803150130, relation: '户主' } },
        ],
      },
      ctx(),
    );
    expect(r.problems.find((p) => p.row === 2)!.en).toMatch(/masked/);
    expect(r.problems.find((p) => p.row === 3)!.en).toMatch(/stored as a number/);
  });
});
