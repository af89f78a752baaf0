import { uuidv7 } from 'uuidv7';

/** Time-ordered ids (UUIDv7) made where the row is made; clients may make their own. */
export const newId = (): string => uuidv7();
