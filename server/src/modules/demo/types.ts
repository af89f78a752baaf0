/**
 * The demo village as plain objects, before timestamps: the loader adds createdAt/updatedAt,
 * activation times and post validity, turns tag lists into JSON text and booleans into 0/1.
 */
import type {
  AssignmentsTable,
  Gender,
  HouseholdKind,
  NodesTable,
  PlaceKind,
  Relation,
  ResidenceStatus,
  Role,
  StructureCoverage,
  StructureStatus,
} from '../../db/types';

export interface DemoPlace {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  kind: PlaceKind;
  parentId: string | null;
  path: string;
}

export interface DemoVillage {
  id: string;
  code: string;
  name: string;
  nameEn: string;
  placeId: string;
  path: string;
}

export interface DemoStructure {
  id: string;
  villageId: string;
  name: string;
  status: StructureStatus;
  coverage: StructureCoverage;
  sizeMin: number;
  sizeMax: number;
  basedOn: string | null;
  note: string | null;
}

export type DemoNode = NodesTable;
export type DemoAssignment = AssignmentsTable;

export interface DemoHousehold {
  id: string;
  villageId: string;
  number: string;
  kind: HouseholdKind;
  name: string | null;
  address: string;
  tags: string[];
  lat: number;
  lng: number;
}

export interface DemoResident {
  id: string;
  villageId: string;
  householdId: string;
  name: string;
  gender: Gender;
  idNumber: string;
  birthDate: string;
  phone: string | null;
  relation: Relation;
  status: ResidenceStatus;
  tags: string[];
}

export interface DemoPerson {
  id: string;
  villageId: string;
  residentId: string | null;
  name: string;
  phone: string | null;
  gender: Gender | null;
  partyMember: boolean;
  dutyTags: string[];
  reserve: boolean;
}

export interface DemoPost {
  id: string;
  villageId: string;
  structureId: string;
  nodeId: string;
  personId: string;
  role: Role;
}

export interface DemoData {
  seed: number;
  places: DemoPlace[];
  village: DemoVillage;
  /** Households and units (shops, institutions), in geographic order. */
  households: DemoHousehold[];
  residents: DemoResident[];
  people: DemoPerson[];
  /** [peacetime (active), crisis (draft)]. */
  structures: DemoStructure[];
  nodes: DemoNode[];
  posts: DemoPost[];
  assignments: DemoAssignment[];
  peacetimeStructureId: string;
  crisisStructureId: string;
}
