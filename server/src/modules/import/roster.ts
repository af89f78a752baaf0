/**
 * PURE: the stored village → roster rows in template column order, so an export (revealed)
 * re-imports as a no-op. Masked by default: ID 110105********1234, phone 138****5678.
 */
import type { HouseholdKind, Relation } from '../../db/types';
import { parseTags } from '../../lib/json';
import { maskIdNumber } from '../registry/idcard';
import { genders, householdKinds, relations, residenceStatuses } from '../registry/labels';
import { maskPhone } from '../registry/normalize';
import { COLUMNS, type ColumnKey } from './columns';
import type { Snapshot, StoredResident } from './repo';

export type RosterRow = Partial<Record<ColumnKey, string>>;

const relationOrder = new Map((Object.keys(relations) as Relation[]).map((r, i) => [r, i]));
const byNumber = new Intl.Collator('zh', { numeric: true }).compare;

export const rosterHeaders = () => COLUMNS.map((c) => c.zh);
export const rowValues = (r: RosterRow): string[] => COLUMNS.map((c) => r[c.key] ?? '');

export function rosterRows(snap: Snapshot, opts: { reveal?: boolean } = {}): RosterRow[] {
  const gridCode = new Map(snap.grids.map((g) => [g.id, g.code]));
  const members = new Map<string, StoredResident[]>();
  for (const r of snap.residents.values()) {
    const list = members.get(r.householdId);
    if (list) list.push(r);
    else members.set(r.householdId, [r]);
  }
  const out: RosterRow[] = [];
  const households = [...snap.households.values()].sort((a, b) => byNumber(a.number, b.number));
  for (const h of households) {
    const base: RosterRow = {
      householdNumber: h.number,
      address: h.address,
      householdKind: householdKinds[h.kind as HouseholdKind].zh,
      grid: gridCode.get(snap.assignments.get(h.id) ?? '') ?? '',
      unitName: h.name ?? '',
      householdTags: parseTags(h.tags).join('、'),
    };
    const people = members.get(h.id) ?? [];
    // A unit (or an empty household) gets a row without a resident.
    if (people.length === 0) out.push(base);
    people.sort(
      (a, b) =>
        relationOrder.get(a.relation)! - relationOrder.get(b.relation)! ||
        (a.birthDate < b.birthDate ? -1 : a.birthDate > b.birthDate ? 1 : 0),
    );
    for (const r of people) {
      out.push({
        ...base,
        name: r.name,
        gender: genders[r.gender].zh,
        idNumber: opts.reveal ? r.idNumber : maskIdNumber(r.idNumber),
        birthDate: r.birthDate,
        relation: relations[r.relation].zh,
        phone: (opts.reveal ? r.phone : maskPhone(r.phone)) ?? '',
        status: residenceStatuses[r.status].zh,
        tags: parseTags(r.tags).join('、'),
      });
    }
  }
  return out;
}
