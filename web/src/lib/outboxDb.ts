/** The outbox's IndexedDB database (Dexie): loaded only when the outbox is used, not on the first screen. */
import Dexie, { type Table } from 'dexie';
import type { OutboxItem } from './outbox';

class OutboxDb extends Dexie {
  items!: Table<OutboxItem, string>;
  constructor() {
    super('wangge-outbox');
    this.version(1).stores({ items: 'id, account, state, createdAt' });
  }
}

export const db = new OutboxDb();
