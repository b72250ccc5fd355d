/** Entities of the orders schema. */
import { InboxEntry } from '@portal/platform/feed';
import { SyncState } from '@portal/platform/sync';
import { Account, PortalUser } from './account.entity.js';
import { Cart, CartLine } from './cart.entity.js';
import { Order, OrderLine, Shipment } from './order.entity.js';
import { Outbox, Submission } from './submission.entity.js';
import { OrderException, TimelineEvent, TimelineOutbox } from './timeline.entity.js';
import { Warehouse } from './warehouse.entity.js';

export * from './account.entity.js';
export * from './cart.entity.js';
export * from './order.entity.js';
export * from './submission.entity.js';
export * from './timeline.entity.js';
export * from './warehouse.entity.js';
export const entities = [
  Account,
  PortalUser,
  Cart,
  CartLine,
  Order,
  OrderLine,
  Submission,
  Outbox,
  Shipment,
  SyncState,
  InboxEntry,
  TimelineEvent,
  TimelineOutbox,
  OrderException,
  Warehouse,
];
