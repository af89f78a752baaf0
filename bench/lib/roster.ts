/**
 * A deterministic synthetic roster: one row per resident, households of 1–4 residents
 * (~2.2 on average, so 100,000 residents ≈ 45,000 households), valid and unique ID numbers
 * (makeIdNumber), Chinese names, phones, grids by code (sometimes by name), and the dirt real
 * spreadsheets carry: full-width digits, stray and ideographic spaces, lower-case x, dashes and
 * +86 in phones, dates written four ways, household fields on the first row only (merged cells).
 * Every dirty value normalises to the clean one the model keeps, so the import has no problem
 * to report and the raw reference can insert exactly what the import stores.
 */
import { PassThrough } from 'node:stream';
import ExcelJS from 'exceljs';
import { COLUMNS } from '../../server/src/modules/import/columns';
import { writeCsv } from '../../server/src/modules/import/csv';
import { rowValues, type RosterRow } from '../../server/src/modules/import/roster';
import { makeIdNumber } from '../../server/src/modules/registry/idcard';
import type { Gender, Relation, ResidenceStatus } from '../../server/src/db/types';

export interface ModelHousehold {
  number: string;
  address: string;
  gridCode: string;
}

export interface ModelResident {
  household: number;
  name: string;
  idNumber: string;
  gender: Gender;
  birthDate: string;
  relation: Relation;
  phone: string | null;
  status: ResidenceStatus;
  /** JSON text, as stored. */
  tags: string;
}

export interface Roster {
  /** File rows (dirty), one per resident, grouped by household. */
  rows: RosterRow[];
  /** The clean values the import should store. */
  households: ModelHousehold[];
  residents: ModelResident[];
  gridCodes: string[];
}

/** mulberry32: small, fast, deterministic. */
function rng(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const SURNAMES = [
  ...'王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤',
];
const GIVEN = [
  ...'伟芳娜秀英敏静丽强磊军洋勇艳杰娟涛明超兰霞平刚桂华建国志海燕德春梅庆文玉永红云飞鹏辉俊峰宇晨欣怡浩然子涵梓轩思雨佳琪博文家豪瑞雪晓东小龙金凤福贵',
];
const AREAS = ['110117', '110228', '130629'];
const STATUSES: [string, ResidenceStatus, number][] = [
  ['常住', 'resident', 0.85],
  ['外出', 'away', 0.12],
  ['外来', 'migrant', 0.03],
];
const TAGS = ['独居老人', '行动不便', '低保', '残疾', '慢性病', '留守儿童', '退役军人'];
const RELATION_ZH: Record<Relation, string> = {
  head: '户主',
  spouse: '配偶',
  child: '子女',
  child_in_law: '儿媳/女婿',
  parent: '父母',
  grandchild: '孙子女',
  grandparent: '祖父母',
  sibling: '兄弟姐妹',
  other: '其他',
};

export const HOUSEHOLDS_PER_GRID = 150;

/** Full-width digits and letters (what a Chinese IME types). */
const fullWidth = (s: string) => s.replace(/[0-9A-Za-z]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
const dayMs = 86_400_000;
const iso = (t: number) => new Date(t).toISOString().slice(0, 10);

export function generateRoster(residentsWanted: number, seed = 20260101): Roster {
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]) => xs[Math.floor(r() * xs.length)];
  const chance = (p: number) => r() < p;
  const usedIds = new Set<string>();
  const rows: RosterRow[] = [];
  const households: ModelHousehold[] = [];
  const residents: ModelResident[] = [];

  const person = (minYear: number, maxYear: number, gender: Gender) => {
    const from = Date.UTC(minYear, 0, 1);
    const to = Date.UTC(maxYear, 11, 31);
    for (;;) {
      const birthDate = iso(from + Math.floor(r() * ((to - from) / dayMs)) * dayMs);
      const seq = 2 * Math.floor(r() * 500) + (gender === 'M' ? 1 : 0);
      const id = makeIdNumber(pick(AREAS), birthDate, seq);
      if (usedIds.has(id)) continue;
      usedIds.add(id);
      return { idNumber: id, birthDate };
    }
  };
  const givenName = () => (chance(0.3) ? pick(GIVEN) : pick(GIVEN) + pick(GIVEN));

  let h = 0;
  while (residents.length < residentsWanted) {
    const u = r();
    let size = u < 0.25 ? 1 : u < 0.65 ? 2 : u < 0.88 ? 3 : 4;
    size = Math.min(size, residentsWanted - residents.length);
    const number = `H${String(h + 1).padStart(5, '0')}`;
    const group = Math.floor(h / 1500) + 1;
    const address = `青山村${group}组${(h % 1500) + 1}号`;
    const gridIndex = Math.floor(h / HOUSEHOLDS_PER_GRID);
    const gridCode = `G${String(gridIndex + 1).padStart(3, '0')}`;
    households.push({ number, address, gridCode });
    const surname = pick(SURNAMES);
    const headMale = chance(0.8);
    const mergedCells = chance(0.2); // household fields on the first row only
    for (let m = 0; m < size; m++) {
      const relation: Relation =
        m === 0 ? 'head' : m === 1 ? 'spouse' : m === 2 ? 'child' : chance(0.5) ? 'child' : 'parent';
      const gender: Gender =
        m === 0 ? (headMale ? 'M' : 'F') : m === 1 ? (headMale ? 'F' : 'M') : chance(0.5) ? 'M' : 'F';
      const [minY, maxY] = relation === 'child' ? [1975, 2018] : relation === 'parent' ? [1930, 1960] : [1945, 1995];
      const { idNumber, birthDate } = person(minY, maxY, gender);
      const name = (relation === 'spouse' ? pick(SURNAMES) : surname) + givenName();
      const wantsPhone = m === 0 ? chance(0.95) : m === 1 ? chance(0.5) : chance(0.1);
      const phone = wantsPhone ? `1${pick([...'3456789'])}${String(Math.floor(r() * 1e9)).padStart(9, '0')}` : null;
      const status = (() => {
        const x = r();
        let acc = 0;
        for (const s of STATUSES) if (x < (acc += s[2])) return s;
        return STATUSES[0];
      })();
      const tagList = chance(0.05) ? (chance(0.2) ? [TAGS[0], TAGS[1]] : [pick(TAGS)]) : [];
      residents.push({
        household: h,
        name,
        idNumber,
        gender,
        birthDate,
        relation,
        phone,
        status: status[1],
        tags: JSON.stringify(tagList),
      });

      // The file row, with the dirt.
      const row: RosterRow = {
        householdNumber: chance(0.02) ? fullWidth(number) : chance(0.02) ? ` ${number.toLowerCase()}` : number,
      };
      if (m === 0 || !mergedCells) {
        row.address = chance(0.03) ? ` ${fullWidth(address)}\u3000 ` : address;
        row.householdKind = '住户';
        row.grid = chance(0.05) ? `第${gridIndex + 1}网格` : gridCode;
      }
      row.name = chance(0.02) ? `${name[0]}　${name.slice(1)}` : chance(0.02) ? `${name[0]} ${name.slice(1)} ` : name;
      row.gender = chance(0.9) ? (gender === 'M' ? '男' : '女') : '';
      row.idNumber = chance(0.03) ? fullWidth(idNumber) : chance(0.02) ? ` ${idNumber.toLowerCase()} ` : idNumber;
      const [y, mo, d] = birthDate.split('-');
      const dateStyle = r();
      row.birthDate =
        dateStyle < 0.8
          ? birthDate
          : dateStyle < 0.85
            ? `${y}/${Number(mo)}/${Number(d)}`
            : dateStyle < 0.9
              ? `${y}${mo}${d}`
              : dateStyle < 0.93
                ? `${y}年${Number(mo)}月${Number(d)}日`
                : '';
      row.relation = RELATION_ZH[relation];
      row.phone = !phone
        ? ''
        : chance(0.03)
          ? fullWidth(phone)
          : chance(0.02)
            ? `${phone.slice(0, 3)}-${phone.slice(3, 7)}-${phone.slice(7)}`
            : chance(0.01)
              ? `+86 ${phone}`
              : phone;
      row.status = status[0];
      row.tags = tagList.join(chance(0.5) ? '、' : '，');
      rows.push(row);
    }
    h++;
  }
  const grids = Math.ceil(households.length / HOUSEHOLDS_PER_GRID);
  return {
    rows,
    households,
    residents,
    gridCodes: Array.from({ length: grids }, (_, i) => `G${String(i + 1).padStart(3, '0')}`),
  };
}

/** CSV as Excel saves it for Chinese users: UTF-8 with a BOM, CRLF, the template's headers. */
export const rosterCsv = (rows: RosterRow[]): Buffer => writeCsv([COLUMNS.map((c) => c.zh), ...rows.map(rowValues)]);

/**
 * An xlsx like the template (text-formatted code columns, a bold frozen header, shared strings as
 * Excel writes them). ExcelJS's streaming writer: the in-memory writer (server xlsx.ts) takes
 * ~30 s and ~2 GB for 100,000 rows here.
 */
export async function rosterXlsx(rows: RosterRow[]): Promise<Buffer> {
  const out = new PassThrough();
  const chunks: Buffer[] = [];
  out.on('data', (c: Buffer) => chunks.push(c));
  const wb = new ExcelJS.stream.xlsx.WorkbookWriter({ stream: out, useSharedStrings: true, useStyles: true });
  const ws = wb.addWorksheet('花名册', { views: [{ state: 'frozen', ySplit: 1 }] });
  ws.columns = COLUMNS.map((c) => ({ header: c.zh, width: c.width, ...(c.text ? { style: { numFmt: '@' } } : {}) }));
  ws.getRow(1).font = { bold: true };
  for (const r of rows) ws.addRow(rowValues(r).map((v) => (v === '' ? null : v))).commit();
  ws.commit();
  await wb.commit();
  return Buffer.concat(chunks);
}
