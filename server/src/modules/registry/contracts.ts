/** What the registry routes answer (response schemas) and the types the web reads them as. */
import { z } from 'zod';
import { gender, householdKind, placeKind, relation, residenceStatus, role, structureCoverage } from '../../db/enums';
import { count, nullableText, paged, time } from '../../http/contracts';

export const village = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: nullableText,
  path: z.string(),
});

export const counts = z.object({
  households: count,
  units: count,
  residents: count,
  grids: count,
  staff: count,
});

export const place = z.object({
  id: z.string(),
  code: z.string(),
  name: z.string(),
  nameEn: nullableText,
  kind: placeKind,
  path: z.string(),
  villages: count,
  counts,
});
export const placeList = z.object({ items: z.array(place) });
export const villageList = z.object({ items: z.array(village) });

export const overview = z.object({
  village,
  counts,
  activeStructure: z
    .object({
      id: z.string(),
      name: z.string(),
      activatedAt: time.nullable(),
      coverage: structureCoverage,
      /** Households and units in no grid of the active structure (a structure problem to fix). */
      withoutGrid: count,
    })
    .nullable(),
  drafts: z.array(z.object({ id: z.string(), name: z.string() })),
});

export const gridRef = z.object({ id: z.string(), code: z.string(), name: z.string() });

export const household = z.object({
  id: z.string(),
  number: z.string(),
  kind: householdKind,
  name: nullableText,
  address: z.string(),
  tags: z.array(z.string()),
  lat: z.number().nullable(),
  lng: z.number().nullable(),
  updatedAt: time,
});

export const householdRow = household.extend({
  head: nullableText,
  residents: count,
  grid: gridRef.nullable(),
  gridMembers: z.array(z.string()),
});
export const householdList = paged(householdRow);

/** ID and phone numbers are masked unless revealed. */
export const resident = z.object({
  id: z.string(),
  householdId: z.string(),
  name: z.string(),
  gender,
  idNumber: z.string(),
  birthDate: z.string(),
  phone: nullableText,
  relation,
  status: residenceStatus,
  tags: z.array(z.string()),
});
export const residentRow = resident.extend({ householdNumber: z.string(), address: z.string() });
export const residentList = paged(residentRow);
export const revealedResident = z.object({
  id: z.string(),
  name: z.string(),
  idNumber: z.string(),
  phone: nullableText,
});

export const coverageSpan = z.object({
  structureId: z.string(),
  structureName: z.string(),
  grid: gridRef,
  validFrom: time,
  validTo: time.nullable(),
  gridMembers: z.array(
    z.object({ personId: z.string(), name: z.string(), validFrom: time.nullable(), validTo: time.nullable() }),
  ),
});
export const coverageAt = z.object({ at: time, coverage: coverageSpan.nullable() });

/** One post on the household's grid path (phone masked), grid first. The role is a post's role (the use case does not type it narrower yet). */
export const responsible = z.object({
  role: z.string(),
  name: z.string(),
  nodeCode: z.string(),
  nodeName: z.string(),
  personId: z.string(),
  phone: nullableText,
});

/** The household page as staff see it. */
export const householdPage = z.object({
  household,
  residents: z.array(resident),
  grid: gridRef.nullable(),
  responsible: z.array(responsible),
  history: z.array(coverageSpan),
});

/**
 * A villager's own household: no staff-only fields (tags, statuses, history, coordinates), but
 * the grid member's full phone number, so that they can call them.
 */
export const ownHouseholdPage = z.object({
  household: household.pick({ id: true, number: true, kind: true, address: true }),
  residents: z.array(resident.omit({ tags: true, status: true })),
  grid: gridRef.omit({ id: true }).nullable(),
  gridMembers: z.array(z.object({ personId: z.string(), name: z.string(), phone: nullableText })),
});

export const householdPageResponse = z.union([householdPage, ownHouseholdPage]);

export const person = z.object({
  id: z.string(),
  name: z.string(),
  phone: nullableText,
  gender: gender.nullable(),
  partyMember: z.boolean(),
  reserve: z.boolean(),
  dutyTags: z.array(z.string()),
  residentId: nullableText,
  posts: z.array(
    z.object({ postId: z.string(), role, nodeId: z.string(), nodeCode: z.string(), nodeName: z.string() }),
  ),
});
export const personList = z.object({ items: z.array(person) });

export type Village = z.infer<typeof village>;
export type Counts = z.infer<typeof counts>;
export type Place = z.infer<typeof place>;
export type Overview = z.infer<typeof overview>;
export type GridRef = z.infer<typeof gridRef>;
export type Household = z.infer<typeof household>;
export type HouseholdRow = z.infer<typeof householdRow>;
export type Resident = z.infer<typeof resident>;
export type ResidentRow = z.infer<typeof residentRow>;
export type RevealedResident = z.infer<typeof revealedResident>;
export type CoverageSpan = z.infer<typeof coverageSpan>;
export type Responsible = z.infer<typeof responsible>;
export type HouseholdPage = z.infer<typeof householdPage>;
export type OwnHouseholdPage = z.infer<typeof ownHouseholdPage>;
export type Person = z.infer<typeof person>;
