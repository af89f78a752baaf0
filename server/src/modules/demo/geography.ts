/**
 * The demo village's layout: four zones (区), fourteen patches (片) of streets and lanes, and how
 * many peacetime grids each street holds (76 in all), plus the twenty shops and institutions
 * and where they stand. Coordinates are synthetic, near 40.23 N 117.17 E, laid out street by street.
 */
import type { HouseholdKind } from '../../db/types';

export interface StreetDef {
  name: string;
  /** Peacetime grids along this street (each 17 or 18 households). */
  grids: number;
}
export interface PatchDef {
  name: string;
  streets: StreetDef[];
}
export interface ZoneDef {
  name: string;
  center: { lat: number; lng: number };
  patches: PatchDef[];
}

const st = (name: string, grids: number): StreetDef => ({ name, grids });

export const villageName = '大华山村';

export const zones: ZoneDef[] = [
  {
    name: '东区',
    center: { lat: 40.23, lng: 117.18 },
    patches: [
      { name: '东街片', streets: [st('东街', 4), st('东街一巷', 2)] },
      { name: '东坡片', streets: [st('东坡路', 3), st('东坡巷', 2)] },
      { name: '桃园片', streets: [st('果园路', 3), st('桃园巷', 2)] },
      { name: '东河片', streets: [st('东河沿', 3), st('东河巷', 3)] },
    ],
  },
  {
    name: '西区',
    center: { lat: 40.23, lng: 117.16 },
    patches: [
      { name: '西街片', streets: [st('西街', 3), st('西街二巷', 2)] },
      { name: '西山片', streets: [st('西山路', 4), st('西山巷', 2)] },
      { name: '老村片', streets: [st('老村胡同', 3), st('井台巷', 2)] },
    ],
  },
  {
    name: '南区',
    center: { lat: 40.222, lng: 117.17 },
    patches: [
      { name: '南大街片', streets: [st('南大街', 4), st('南大街东巷', 2)] },
      { name: '学校片', streets: [st('学校路', 3), st('文化巷', 2)] },
      { name: '南河片', streets: [st('南河沿', 3), st('石桥巷', 2)] },
      { name: '新村片', streets: [st('新村一街', 3), st('新村二街', 3)] },
    ],
  },
  {
    name: '北区',
    center: { lat: 40.238, lng: 117.17 },
    patches: [
      { name: '北街片', streets: [st('北街', 3), st('北街后巷', 2)] },
      { name: '北山片', streets: [st('北山路', 4), st('松树沟', 2)] },
      { name: '庙前片', streets: [st('庙前街', 3), st('北坡巷', 2)] },
    ],
  },
];

export interface UnitDef {
  kind: Extract<HouseholdKind, 'shop' | 'institution'>;
  name: string;
  street: string;
}

const shop = (name: string, street: string): UnitDef => ({ kind: 'shop', name, street });
const inst = (name: string, street: string): UnitDef => ({ kind: 'institution', name, street });

/** 14 shops (商户) and 6 institutions (机关单位). */
export const units: UnitDef[] = [
  shop('华山超市', '南大街'),
  shop('老王小卖部', '东街'),
  shop('大华山农资店', '西街'),
  shop('便民药店', '南大街'),
  shop('华山五金店', '北街'),
  shop('惠民粮油店', '西街'),
  shop('刘家早点铺', '南大街'),
  shop('春华理发店', '东街'),
  shop('李记饭馆', '庙前街'),
  shop('顺达快递驿站', '学校路'),
  shop('大桃收购站', '果园路'),
  shop('山里人家农家院', '北山路'),
  shop('红星小卖部', '新村一街'),
  shop('桃花源农家乐', '东坡路'),
  inst('大华山村委会', '南大街'),
  inst('大华山小学', '学校路'),
  inst('大华山村卫生室', '南大街'),
  inst('大华山邮政所', '西街'),
  inst('大华山幼儿园', '学校路'),
  inst('大华山供电所', '北街'),
];

const round6 = (x: number) => Math.round(x * 1e6) / 1e6;

/**
 * Where house number `n` (1-based) of the `index`-th of `count` streets in a zone stands:
 * streets run east–west, 90 m apart; odd numbers on the north side, even on the south,
 * about 20 m between neighbours.
 */
export function housePosition(zone: ZoneDef, index: number, count: number, n: number, houses: number) {
  const lat = zone.center.lat + (index - (count - 1) / 2) * 0.0008 + (n % 2 === 1 ? 0.00007 : -0.00007);
  const along = Math.ceil(n / 2) - Math.ceil(houses / 2) / 2;
  const lng = zone.center.lng + along * 0.00024;
  return { lat: round6(lat), lng: round6(lng) };
}
