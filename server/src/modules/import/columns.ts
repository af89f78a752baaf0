/**
 * The roster spreadsheet's columns: canonical keys, the Chinese header of the template, the
 * English header, and the other spellings accepted on import (case-, space- and width-insensitive).
 */
import { toHalfWidth } from '../registry/normalize';

export type ColumnKey =
  | 'householdNumber'
  | 'address'
  | 'householdKind'
  | 'grid'
  | 'name'
  | 'gender'
  | 'idNumber'
  | 'birthDate'
  | 'relation'
  | 'phone'
  | 'status'
  | 'tags'
  | 'unitName'
  | 'householdTags';

export interface ColumnDef {
  key: ColumnKey;
  zh: string;
  en: string;
  aliases: string[];
  required: boolean;
  /** Shown as text in xlsx (long digit strings must not become numbers). */
  text?: boolean;
  width: number;
}

/** In template order. 单位名称 and 户标签 are optional and last, so the twelve classic headers keep their places. */
export const COLUMNS: ColumnDef[] = [
  {
    key: 'householdNumber',
    zh: '户号',
    en: 'household number',
    aliases: ['house number', 'household no', '户编号', '门牌号'],
    required: true,
    text: true,
    width: 10,
  },
  { key: 'address', zh: '地址', en: 'address', aliases: ['住址', '家庭住址', '户籍地址'], required: false, width: 24 },
  {
    key: 'householdKind',
    zh: '户类型',
    en: 'household type',
    aliases: ['household kind', '户别', '类型'],
    required: false,
    width: 10,
  },
  { key: 'grid', zh: '网格', en: 'grid', aliases: ['所属网格', '网格编号', '网格名称'], required: false, width: 8 },
  { key: 'name', zh: '姓名', en: 'name', aliases: ['full name'], required: true, width: 10 },
  { key: 'gender', zh: '性别', en: 'gender', aliases: ['sex'], required: false, width: 6 },
  {
    key: 'idNumber',
    zh: '身份证号',
    en: 'id number',
    aliases: ['身份证', '身份证号码', '公民身份号码', 'id card', 'id card number', 'identity number'],
    required: true,
    text: true,
    width: 21,
  },
  {
    key: 'birthDate',
    zh: '出生日期',
    en: 'birth date',
    aliases: ['date of birth', '出生年月日', '生日'],
    required: false,
    width: 12,
  },
  {
    key: 'relation',
    zh: '与户主关系',
    en: 'relation to head',
    aliases: ['relation', 'relationship', '关系', '与户主的关系'],
    required: false,
    width: 10,
  },
  {
    key: 'phone',
    zh: '联系电话',
    en: 'phone',
    aliases: ['电话', '手机', '手机号', '手机号码', '联系方式', 'phone number', 'mobile'],
    required: false,
    text: true,
    width: 14,
  },
  {
    key: 'status',
    zh: '居住状态',
    en: 'residence status',
    aliases: ['status', '人员状态', '居住情况'],
    required: false,
    width: 10,
  },
  { key: 'tags', zh: '标签', en: 'tags', aliases: ['备注标签', '人员标签', 'tag'], required: false, width: 16 },
  {
    key: 'unitName',
    zh: '单位名称',
    en: 'unit name',
    aliases: ['商户名称', '单位', '名称'],
    required: false,
    width: 16,
  },
  {
    key: 'householdTags',
    zh: '户标签',
    en: 'household tags',
    aliases: ['家庭标签', 'unit tags'],
    required: false,
    width: 12,
  },
];

export const COLUMN_BY_KEY = Object.fromEntries(COLUMNS.map((c) => [c.key, c])) as Record<ColumnKey, ColumnDef>;

/** Lower case, half-width, no spaces/underscores, no required-marks (*) or bracketed hints: "身份证号（18位）*" → "身份证号". */
export function headerKey(raw: string): string {
  return toHalfWidth(raw)
    .replace(/\([^)]*\)|\[[^\]]*\]|【[^】]*】/g, '')
    .replace(/[\s_*:：\u00a0\u200b]+/g, '')
    .toLowerCase();
}

const byHeader = new Map<string, ColumnKey>();
for (const c of COLUMNS) for (const name of [c.zh, c.en, c.key, ...c.aliases]) byHeader.set(headerKey(name), c.key);

/** The canonical key of a header cell, or undefined for an unknown header. */
export const columnOf = (header: string): ColumnKey | undefined => byHeader.get(headerKey(header));
