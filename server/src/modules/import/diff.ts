/**
 * PURE: checked file rows + the stored village → the writes an import needs. Unchanged rows
 * produce no write; changed rows carry only their changed columns (and updatedAt).
 */
import type { AssignmentsTable, CoverageTable, NewHousehold, NewResident } from '../../db/types';
import { parseTags, toJsonText } from '../../lib/json';
import type { Snapshot, StoredHousehold, StoredResident } from './repo';
import { messages, type Problem } from './problems';
import type { CheckResult, Counts } from './types';

export type RowUpdate = { id: string } & Record<string, unknown>;

export interface Plan {
  households: { insert: NewHousehold[]; update: RowUpdate[] };
  residents: { insert: NewResident[]; update: RowUpdate[] };
  assignments: { insert: AssignmentsTable[]; update: AssignmentsTable[] };
  coverage: { close: string[]; insert: CoverageTable[] };
  counts: {
    households: Counts;
    residents: Counts & { moved: number };
    assignments: { created: number; changed: number };
  };
  /** Households of the file left in no grid of the active structure (none without an active structure). */
  withoutGrid: Problem[];
}

const tagsText = (tags: string[]) => (tags.length === 0 ? '[]' : toJsonText(tags));
const sameTags = (stored: string, next: string) => stored === next || toJsonText(parseTags(stored)) === next;

function householdChanges(
  s: StoredHousehold,
  next: { kind: string; name: string | null; address: string; tags: string },
) {
  let changes: Record<string, unknown> | undefined;
  if (next.kind !== s.kind) (changes ??= {}).kind = next.kind;
  if (next.name !== s.name) (changes ??= {}).name = next.name;
  if (next.address !== s.address) (changes ??= {}).address = next.address;
  if (!sameTags(s.tags, next.tags)) (changes ??= {}).tags = next.tags;
  return changes;
}

function residentChanges(s: StoredResident, n: Omit<NewResident, 'id' | 'villageId' | 'createdAt' | 'updatedAt'>) {
  let changes: Record<string, unknown> | undefined;
  if (n.householdId !== s.householdId) (changes ??= {}).householdId = n.householdId;
  if (n.name !== s.name) (changes ??= {}).name = n.name;
  if (n.gender !== s.gender) (changes ??= {}).gender = n.gender;
  if (n.birthDate !== s.birthDate) (changes ??= {}).birthDate = n.birthDate;
  if (n.relation !== s.relation) (changes ??= {}).relation = n.relation;
  if ((n.phone ?? null) !== s.phone) (changes ??= {}).phone = n.phone ?? null;
  if (n.status !== s.status) (changes ??= {}).status = n.status;
  if (!sameTags(s.tags, n.tags)) (changes ??= {}).tags = n.tags;
  return changes;
}

export function planImport(check: CheckResult, snap: Snapshot, now: number, newId: () => string): Plan {
  const plan: Plan = {
    households: { insert: [], update: [] },
    residents: { insert: [], update: [] },
    assignments: { insert: [], update: [] },
    coverage: { close: [], insert: [] },
    withoutGrid: [],
    counts: {
      households: { created: 0, updated: 0, unchanged: 0 },
      residents: { created: 0, updated: 0, unchanged: 0, moved: 0 },
      assignments: { created: 0, changed: 0 },
    },
  };
  const { counts } = plan;
  const villageId = snap.villageId;
  const idByNumber = new Map<string, string>();

  for (const h of check.households) {
    const s = snap.households.get(h.number);
    let id: string;
    let changed = false;
    if (!s) {
      id = newId();
      plan.households.insert.push({
        id,
        villageId,
        number: h.number,
        kind: h.kind ?? 'household',
        name: h.unitName ?? null,
        address: h.address ?? '',
        tags: h.tags ? tagsText(h.tags) : '[]',
        lat: null,
        lng: null,
        createdAt: now,
        updatedAt: now,
      });
      counts.households.created++;
    } else {
      id = s.id;
      const changes = householdChanges(s, {
        kind: h.kind ?? s.kind,
        name: h.unitName ?? s.name,
        address: h.address ?? s.address,
        tags: h.tags ? tagsText(h.tags) : s.tags,
      });
      if (changes) {
        plan.households.update.push({ id, ...changes, updatedAt: now });
        changed = true;
      }
    }
    idByNumber.set(h.number, id);

    // The grid named in the file, in the active structure: assignment + coverage history.
    if (h.gridNodeId && snap.structureId) {
      const structureId = snap.structureId;
      const current = s ? snap.assignments.get(id) : undefined;
      if (current !== h.gridNodeId) {
        const row = { structureId, householdId: id, villageId, nodeId: h.gridNodeId };
        if (current) {
          plan.assignments.update.push(row);
          counts.assignments.changed++;
        } else {
          plan.assignments.insert.push(row);
          counts.assignments.created++;
        }
        const open = s ? snap.openCoverage.get(id) : undefined;
        if (!open || open.nodeId !== h.gridNodeId || open.structureId !== structureId) {
          if (open) plan.coverage.close.push(open.id);
          plan.coverage.insert.push({
            id: newId(),
            villageId,
            householdId: id,
            structureId,
            nodeId: h.gridNodeId,
            validFrom: now,
            validTo: null,
          });
        }
        changed = true;
      }
    }
    if (snap.structureId && !h.gridNodeId && !(s && snap.assignments.get(id)))
      plan.withoutGrid.push({
        row: h.firstRow,
        column: '网格',
        code: 'NO_GRID',
        ...messages.NO_GRID(),
        value: h.number,
      });
    if (s) {
      if (changed) counts.households.updated++;
      else counts.households.unchanged++;
    }
  }

  for (const r of check.residents) {
    const householdId = idByNumber.get(r.householdNumber)!;
    const s = snap.residents.get(r.idNumber);
    if (!s) {
      plan.residents.insert.push({
        id: newId(),
        villageId,
        householdId,
        name: r.name,
        gender: r.gender,
        idNumber: r.idNumber,
        birthDate: r.birthDate,
        phone: r.phone ?? null,
        relation: r.relation ?? 'other',
        status: r.status ?? 'resident',
        tags: r.tags ? tagsText(r.tags) : '[]',
        createdAt: now,
        updatedAt: now,
      });
      counts.residents.created++;
      continue;
    }
    const changes = residentChanges(s, {
      householdId,
      name: r.name,
      gender: r.gender,
      idNumber: r.idNumber,
      birthDate: r.birthDate,
      phone: r.phone === undefined ? s.phone : r.phone,
      relation: r.relation ?? s.relation,
      status: r.status ?? s.status,
      tags: r.tags ? tagsText(r.tags) : s.tags,
    });
    if (!changes) {
      counts.residents.unchanged++;
      continue;
    }
    plan.residents.update.push({ id: s.id, ...changes, updatedAt: now });
    counts.residents.updated++;
    if (changes.householdId) counts.residents.moved++;
  }
  return plan;
}
