/**
 * The registry's enumerations with their Chinese and English labels. Spreadsheets and the UI use
 * the labels; the database stores the codes. Parsing accepts the Chinese label, the English label
 * or the code, so both header languages of the import template work.
 */
import type { Gender, HouseholdKind, Relation, ResidenceStatus, Role, NodeKind } from '../../db/types';

export interface Label {
  zh: string;
  en: string;
  aliases?: string[];
}

export const householdKinds: Record<HouseholdKind, Label> = {
  household: { zh: '住户', en: 'household', aliases: ['户', '居民户', '家庭'] },
  shop: { zh: '商户', en: 'shop', aliases: ['店铺', '个体户'] },
  institution: { zh: '机关单位', en: 'institution', aliases: ['单位', '机关'] },
  other: { zh: '其他', en: 'other' },
};

export const genders: Record<Gender, Label> = {
  M: { zh: '男', en: 'male', aliases: ['m'] },
  F: { zh: '女', en: 'female', aliases: ['f'] },
};

export const relations: Record<Relation, Label> = {
  head: { zh: '户主', en: 'head', aliases: ['本人'] },
  spouse: { zh: '配偶', en: 'spouse', aliases: ['妻', '夫', '妻子', '丈夫'] },
  child: { zh: '子女', en: 'child', aliases: ['子', '女', '儿子', '女儿', '长子', '次子', '长女', '次女'] },
  child_in_law: { zh: '儿媳/女婿', en: 'child in law', aliases: ['儿媳', '女婿'] },
  parent: { zh: '父母', en: 'parent', aliases: ['父亲', '母亲', '父', '母'] },
  grandchild: { zh: '孙子女', en: 'grandchild', aliases: ['孙子', '孙女', '外孙', '外孙女'] },
  grandparent: { zh: '祖父母', en: 'grandparent', aliases: ['祖父', '祖母', '爷爷', '奶奶'] },
  sibling: { zh: '兄弟姐妹', en: 'sibling', aliases: ['兄', '弟', '姐', '妹'] },
  other: { zh: '其他', en: 'other', aliases: ['亲属', '租户'] },
};

export const residenceStatuses: Record<ResidenceStatus, Label> = {
  resident: { zh: '常住', en: 'resident', aliases: ['在村', '常住人口'] },
  away: { zh: '外出', en: 'away', aliases: ['外出务工', '不在村'] },
  migrant: { zh: '外来', en: 'migrant', aliases: ['外来人口', '流动人口', '暂住'] },
};

export const roles: Record<Role, Label> = {
  chief: { zh: '总格长', en: 'general grid leader', aliases: ['总网格长'] },
  branchLeader: { zh: '分支长', en: 'branch leader' },
  subLeader: { zh: '分网格长', en: 'sub-grid leader' },
  gridLeader: { zh: '网格长', en: 'grid leader' },
  gridMember: { zh: '网格员', en: 'grid member' },
  evaluator: { zh: '积分评定员', en: 'points evaluator' },
  reserve: { zh: '后备人员', en: 'reserve' },
};

export const nodeKinds: Record<NodeKind, Label> = {
  root: { zh: '村', en: 'village' },
  zone: { zh: '区', en: 'zone' },
  patch: { zh: '片', en: 'patch' },
  grid: { zh: '网格', en: 'grid' },
};

/** The "eight staff" duty tags (八大员) and common resident tags. */
export const dutyTags = [
  '保洁员',
  '护林员',
  '管水员',
  '社保协管员',
  '巡视探访员',
  '公共设施维护员',
  '特勤人员',
  '其他',
] as const;
export const residentTags = [
  '独居老人',
  '行动不便',
  '低保',
  '残疾',
  '慢性病',
  '孕产妇',
  '留守儿童',
  '退役军人',
] as const;

/** Build a case-insensitive lookup from labels, English names, aliases and codes to codes. */
export function labelLookup<K extends string>(table: Record<K, Label>): (raw: string) => K | undefined {
  const map = new Map<string, K>();
  for (const [code, l] of Object.entries(table) as [K, Label][]) {
    for (const name of [code, l.zh, l.en, ...(l.aliases ?? [])]) map.set(name.toLowerCase(), code);
  }
  return (raw) => map.get(raw.trim().toLowerCase());
}
