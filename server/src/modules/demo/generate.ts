/**
 * The demo village 大华山村 (Dahuashan, Pinggu), after the Beijing Youth Daily article of
 * 2022-06-01: 1,304 households, 20 shops and institutions, 2,676 residents, the peacetime
 * "1+4+14+76" grid structure (active) and the crisis "1+23+74" structure (draft).
 * A pure function of the seed: the same seed gives the same data, ids included. No database.
 */
import { buildLayout } from './households';
import { demoId } from './ids';
import { Rng } from './random';
import { buildResidents } from './residents';
import { buildStaff } from './staff';
import { buildCrisis, buildPeacetime } from './structures';
import type { DemoData, DemoPlace, DemoVillage } from './types';

export const DEFAULT_SEED = 20220601;

export function generateDemo(seed = DEFAULT_SEED): DemoData {
  const rng = new Rng(seed);
  const district: DemoPlace = {
    id: demoId(seed, 'place', 'pinggu'),
    code: 'pinggu',
    name: '平谷区',
    nameEn: 'Pinggu District',
    kind: 'district',
    parentId: null,
    path: '/pinggu/',
  };
  const town: DemoPlace = {
    id: demoId(seed, 'place', 'dahuashan-town'),
    code: 'dahuashan-town',
    name: '大华山镇',
    nameEn: 'Dahuashan Town',
    kind: 'town',
    parentId: district.id,
    path: '/pinggu/dahuashan-town/',
  };
  const village: DemoVillage = {
    id: demoId(seed, 'village', 'dahuashan'),
    code: 'dahuashan',
    name: '大华山村',
    nameEn: 'Dahuashan Village',
    placeId: town.id,
    path: '/pinggu/dahuashan-town/dahuashan/',
  };

  // Each part draws from its own stream, so changing one part does not reshuffle the others.
  const layout = buildLayout(rng.fork('layout'), seed, village.id);
  const families = buildResidents(rng.fork('residents'), seed, layout.entries, layout.migrant);
  const peace = buildPeacetime(seed, village.id, layout);
  const crisis = buildCrisis(rng.fork('crisis'), seed, village.id, layout.entries, peace.structure.id);
  const staff = buildStaff(rng.fork('staff'), seed, village.id, families.byHousehold, peace, crisis);

  return {
    seed,
    places: [district, town],
    village,
    households: layout.entries,
    residents: families.residents,
    people: staff.people,
    structures: [peace.structure, crisis.structure],
    nodes: [...peace.nodes, ...crisis.nodes],
    posts: staff.posts,
    assignments: [...peace.assignments, ...crisis.assignments],
    peacetimeStructureId: peace.structure.id,
    crisisStructureId: crisis.structure.id,
  };
}
