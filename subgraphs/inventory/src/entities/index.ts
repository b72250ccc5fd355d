/** Entities of the inventory schema. */
import { InboxEntry } from '@portal/platform/feed';
import { SyncState } from '@portal/platform/sync';
import { Item } from './item.entity.js';

export * from './item.entity.js';
export const entities = [Item, SyncState, InboxEntry];
