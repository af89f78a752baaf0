/**
 * Name lists for the synthetic villagers. Local families follow a northern-village pattern with
 * two dominant surnames (张, 王); migrants follow a broader national mix. Given names depend on
 * the decade of birth, as they do in real registers. All names are synthetic.
 */
import type { Rng } from './random';
import type { Gender } from '../../db/types';

type Weighted = readonly (readonly [string, number])[];

export const localSurnames: Weighted = [
  ['张', 17], ['王', 14], ['刘', 7], ['李', 7], ['赵', 5], ['杨', 3], ['郭', 3], ['高', 3], ['陈', 2],
  ['孙', 2], ['马', 2], ['于', 2], ['韩', 2], ['冯', 2], ['田', 2], ['贾', 2], ['宋', 2], ['徐', 2],
  ['周', 1], ['吴', 1], ['齐', 1], ['邢', 1], ['谷', 1], ['闫', 1], ['史', 1], ['岳', 1], ['白', 1],
  ['崔', 1], ['胡', 1], ['何', 1], ['曹', 1], ['侯', 1],
];

export const migrantSurnames: Weighted = [
  ['王', 7], ['李', 7], ['张', 6], ['刘', 5], ['陈', 4], ['杨', 3], ['赵', 2], ['黄', 2], ['周', 2],
  ['吴', 2], ['徐', 2], ['孙', 2], ['朱', 1], ['马', 1], ['胡', 1], ['郭', 1], ['何', 1], ['林', 1],
  ['罗', 1], ['梁', 1], ['宋', 1], ['郑', 1], ['谢', 1], ['韩', 1], ['唐', 1], ['冯', 1], ['董', 1],
];

type Era = 'old' | 'middle' | 'young' | 'child';

const given: Record<Era, Record<Gender, readonly string[]>> = {
  old: {
    M: ['国', '福', '山', '全', '林', '德', '建国', '国庆', '福生', '长山', '德顺', '玉林', '振华', '宝山', '文华',
      '树林', '连生', '春生', '金山', '永利', '万福', '凤山', '立新', '占江', '殿臣', '国良', '宝田', '志成'],
    F: ['兰', '英', '淑兰', '秀英', '桂兰', '玉兰', '凤英', '桂芝', '秀珍', '淑珍', '玉珍', '素芬', '凤芝', '秀兰',
      '淑芬', '桂英', '玉芬', '兰英', '金凤', '春兰', '玉华', '桂荣', '秀云', '淑琴'],
  },
  middle: {
    M: ['伟', '军', '强', '勇', '磊', '刚', '斌', '涛', '建军', '建华', '海涛', '志刚', '立军', '永强', '晓东',
      '国华', '春雷', '立伟', '红兵', '卫东', '东升', '海军', '宏伟', '志勇', '建民', '长江', '金龙'],
    F: ['丽', '红', '艳', '静', '敏', '燕', '霞', '丽娟', '红梅', '秀梅', '晓燕', '海燕', '春燕', '丽华', '桂红',
      '艳红', '淑华', '金玲', '彩霞', '雪梅', '秀娟', '立红', '丽萍', '晓红'],
  },
  young: {
    M: ['浩', '鹏', '超', '宇', '杰', '博', '帅', '浩然', '子豪', '宇航', '晨阳', '嘉伟', '天宇', '俊杰', '一鸣',
      '思远', '明轩', '志远', '家乐', '文博', '泽宇', '振宇'],
    F: ['婷', '雪', '琳', '璐', '洁', '欣', '雨', '婷婷', '佳怡', '思雨', '欣怡', '梦瑶', '雨涵', '晓雪', '佳琪',
      '诗涵', '雅琪', '静怡', '梦雪', '佳慧'],
  },
  child: {
    M: ['睿', '航', '子轩', '浩宇', '宇轩', '梓豪', '皓轩', '锦程', '沐阳', '俊熙', '博文', '子墨', '奕辰', '宇泽',
      '一航', '铭泽'],
    F: ['悦', '萱', '梓涵', '一诺', '欣妍', '语桐', '可馨', '若汐', '雨桐', '诗琪', '梓萱', '思彤', '沐晴', '安琪',
      '芷若', '依诺'],
  },
};

const eraOf = (birthYear: number): Era =>
  birthYear < 1958 ? 'old' : birthYear < 1984 ? 'middle' : birthYear < 2008 ? 'young' : 'child';

export function givenName(rng: Rng, gender: Gender, birthYear: number): string {
  return rng.pick(given[eraOf(birthYear)][gender]);
}

export function surname(rng: Rng, migrant: boolean): string {
  return rng.weighted(migrant ? migrantSurnames : localSurnames);
}

/** Pinggu district: the local area code. */
export const localAreaCode = '110117';

/** County codes of the provinces migrants to Pinggu come from most (Hebei, Henan, Heilongjiang, …). */
export const migrantAreaCodes: Weighted = [
  ['130481', 3], ['131082', 4], ['130225', 3], ['130723', 2], ['130621', 2], // 河北
  ['410183', 2], ['410523', 2], ['411521', 2], // 河南
  ['230183', 2], ['230604', 1], // 黑龙江
  ['370283', 1], ['341221', 1], ['510921', 1], ['150102', 1], ['140211', 1], // 山东 安徽 四川 内蒙古 山西
];
