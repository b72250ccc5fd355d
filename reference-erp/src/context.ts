/** What every ERP service module works with: the ORM, the business clock and the logger. */
import type { MikroORM } from '@mikro-orm/postgresql';
import type { Logger } from '@portal/platform/logger';
import type { BusinessClock } from './clock.js';

export interface ErpContext {
  orm: MikroORM;
  clock: BusinessClock;
  logger: Logger;
}
