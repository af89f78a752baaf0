/**
 * Households and units street by street, in geographic order, with the peacetime grid plan
 * that follows the streets: every street is cut into consecutive grids of 17 or 18 households
 * (12 × 18 + 64 × 17 = 1,304).
 */
import { demoId } from './ids';
import { housePosition, units, villageName, zones } from './geography';
import type { Rng } from './random';
import type { DemoHousehold } from './types';

export const HOUSEHOLDS = 1304;
const GRIDS = 76;
const LARGE_GRIDS = 12; // of 18 households; the rest have 17

export interface PlanGrid {
  name: string;
  householdIds: string[];
}
export interface PlanPatch {
  name: string;
  grids: PlanGrid[];
}
export interface PlanZone {
  name: string;
  patches: PlanPatch[];
}

export interface Layout {
  /** Households and units in geographic order. */
  entries: DemoHousehold[];
  /** The peacetime plan: zones → patches → grids → household ids. */
  zones: PlanZone[];
  /** Households of families from elsewhere (外来), renting in the village. */
  migrant: Set<string>;
}

const numerals = ['一', '二', '三', '四', '五', '六', '七', '八', '九', '十'];
export const cn = (n: number) => (n <= 10 ? numerals[n - 1] : n < 20 ? `十${numerals[n - 11]}` : String(n));

export function buildLayout(rng: Rng, seed: number, villageId: string): Layout {
  const large = new Set(rng.shuffle(Array.from({ length: GRIDS }, (_, i) => i)).slice(0, LARGE_GRIDS));
  const unitNo = { shop: 0, institution: 0 };
  const entries: DemoHousehold[] = [];
  const planZones: PlanZone[] = [];
  const migrant = new Set<string>();
  let gridIndex = 0;
  let householdNo = 0;

  for (const zone of zones) {
    const streets = zone.patches.flatMap((p) => p.streets);
    const planZone: PlanZone = { name: zone.name, patches: [] };
    planZones.push(planZone);
    for (const patch of zone.patches) {
      const planPatch: PlanPatch = { name: patch.name, grids: [] };
      planZone.patches.push(planPatch);
      for (const street of patch.streets) {
        const sizes = Array.from({ length: street.grids }, () => (large.has(gridIndex++) ? 18 : 17));
        const homes = sizes.reduce((a, b) => a + b, 0);
        const here = units.filter((u) => u.street === street.name);
        const slots = homes + here.length;
        // Units take random house numbers along the street; households take the rest in order.
        const unitAt = new Map(
          rng
            .shuffle(Array.from({ length: slots }, (_, i) => i + 1))
            .slice(0, here.length)
            .map((n, i) => [n, here[i]]),
        );
        const streetHomes: string[] = [];
        const streetIndex = streets.indexOf(street);
        for (let n = 1; n <= slots; n++) {
          const pos = housePosition(zone, streetIndex, streets.length, n, slots);
          const address = `${villageName}${street.name}${n}号`;
          const unit = unitAt.get(n);
          if (unit) {
            const number =
              unit.kind === 'shop'
                ? `DHS-S${String(++unitNo.shop).padStart(2, '0')}`
                : `DHS-J${String(++unitNo.institution).padStart(2, '0')}`;
            entries.push({
              id: demoId(seed, 'household', number),
              villageId,
              number,
              kind: unit.kind,
              name: unit.name,
              address,
              tags: [],
              ...pos,
            });
            continue;
          }
          const number = `DHS-${String(++householdNo).padStart(4, '0')}`;
          const id = demoId(seed, 'household', number);
          const isMigrant = rng.chance(0.13);
          if (isMigrant) migrant.add(id);
          entries.push({
            id,
            villageId,
            number,
            kind: 'household',
            name: null,
            address,
            tags: householdTags(rng, isMigrant),
            ...pos,
          });
          streetHomes.push(id);
        }
        let from = 0;
        sizes.forEach((size, k) => {
          const name = street.grids > 1 ? `${street.name}${cn(k + 1)}网格` : `${street.name}网格`;
          planPatch.grids.push({ name, householdIds: streetHomes.slice(from, from + size) });
          from += size;
        });
      }
    }
  }
  if (householdNo !== HOUSEHOLDS || gridIndex !== GRIDS) throw new Error('demo geography does not add up');
  return { entries, zones: planZones, migrant };
}

function householdTags(rng: Rng, migrant: boolean): string[] {
  if (migrant) return ['租户'];
  const tags: string[] = [];
  if (rng.chance(0.42)) tags.push('果农'); // Dahuashan is peach country (平谷大桃)
  if (rng.chance(0.03)) tags.push('民宿');
  if (rng.chance(0.02)) tags.push('养殖户');
  return tags;
}
