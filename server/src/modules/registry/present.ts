/** Pure mappings from rows to API shapes. Personal numbers are masked unless a caller reveals them. */
import type { Household, Resident } from '../../db/types';
import { parseTags } from '../../lib/json';
import { maskIdNumber } from './idcard';
import { maskPhone } from './normalize';

export const presentResident = (r: Resident, reveal = false) => ({
  id: r.id,
  householdId: r.householdId,
  name: r.name,
  gender: r.gender,
  idNumber: reveal ? r.idNumber : maskIdNumber(r.idNumber),
  birthDate: r.birthDate,
  phone: reveal ? r.phone : maskPhone(r.phone),
  relation: r.relation,
  status: r.status,
  tags: parseTags(r.tags),
});

export const presentHousehold = (h: Omit<Household, 'villageId' | 'createdAt'>) => ({
  id: h.id,
  number: h.number,
  kind: h.kind,
  name: h.name,
  address: h.address,
  tags: parseTags(h.tags),
  lat: h.lat,
  lng: h.lng,
  updatedAt: h.updatedAt,
});
