import { z } from 'zod';
import { gender, householdKind, relation, residenceStatus } from '../../db/enums';
import { pageQuery } from '../../lib/paging';
import { nameField, optionalNameField } from '../../lib/text';

export const villageParams = z.object({ village: z.string().min(1).max(64) });
export const householdParams = villageParams.extend({ householdId: z.string().min(1).max(64) });
export const residentParams = villageParams.extend({ residentId: z.string().min(1).max(64) });

export const householdQuery = pageQuery.extend({
  q: z.string().max(100).optional(),
  kind: householdKind.optional(),
  node: z.string().max(64).optional(),
  structure: z.string().max(64).optional(),
  withoutGrid: z.enum(['0', '1']).optional(),
});
export const residentQuery = pageQuery.extend({
  q: z.string().max(100).optional(),
  tag: z.string().max(32).optional(),
  status: residenceStatus.optional(),
});
export const coverageQuery = z.object({ at: z.string().min(4).max(40) });
export const peopleQuery = z.object({
  q: z.string().max(50).optional(),
  reserve: z.enum(['0', '1']).optional(),
  unposted: z.enum(['0', '1']).optional(),
  /** Count posts in this structure (a draft) instead of the active one. */
  structure: z.string().max(64).optional(),
});

const tags = z.array(nameField(32)).max(20);
/**
 * A coordinate in degrees, kept to 7 decimals (about 1 cm): the column is a 4-byte float on
 * PostgreSQL, which refuses a value as small as 1e-266 instead of storing it as 0.
 */
const coordinate = (limit: number) =>
  z
    .number()
    .min(-limit)
    .max(limit)
    .transform((v) => Math.round(v * 1e7) / 1e7 || 0);
export const householdBody = z.object({
  number: z.string().min(1).max(32),
  kind: householdKind,
  name: optionalNameField(100),
  address: z.string().min(1).max(200),
  tags: tags.optional(),
  lat: coordinate(90).nullable().optional(),
  lng: coordinate(180).nullable().optional(),
  gridId: z.string().max(64).optional(),
});
export const residentBody = z.object({
  householdId: z.string().min(1).max(64),
  name: nameField(50, { personal: true }),
  idNumber: z.string().min(15).max(30),
  gender: gender.optional(),
  birthDate: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}$/)
    .optional(),
  phone: z.string().max(30).nullable().optional(),
  relation,
  status: residenceStatus,
  tags: tags.optional(),
});

/** What a client sends (the web types its calls with these). */
export type HouseholdBody = z.input<typeof householdBody>;
export type ResidentBody = z.input<typeof residentBody>;
