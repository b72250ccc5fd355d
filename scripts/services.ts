/** Every service that owns a database schema, for scripts that work on all of them. */
import path from 'node:path';
import type { EntitySchema, MigrationObject } from '@mikro-orm/core';

export interface ServiceSchemaDef {
  name: string;
  load(): Promise<{ entities: EntitySchema<any, any>[]; migrations: MigrationObject[]; migrationsDir: string }>;
}

const root = path.resolve(import.meta.dirname, '..');

function def(name: string, dir: string, entitiesModule: string, migrationsModule: string, exportName: string): ServiceSchemaDef {
  return {
    name,
    async load() {
      const e = (await import(path.join(root, dir, entitiesModule))) as Record<string, EntitySchema<any, any>[]>;
      const m = (await import(path.join(root, dir, migrationsModule))) as { migrations: MigrationObject[] };
      return { entities: e[exportName]!, migrations: m.migrations, migrationsDir: path.join(root, dir, path.dirname(migrationsModule)) };
    },
  };
}

export const SERVICES: ServiceSchemaDef[] = [
  def('erp', 'reference-erp/src', 'entities/index.ts', 'migrations/index.ts', 'erpEntities'),
  def('pricing', 'subgraphs/pricing/src', 'entities/index.ts', 'migrations/index.ts', 'entities'),
  def('inventory', 'subgraphs/inventory/src', 'entities/index.ts', 'migrations/index.ts', 'entities'),
  def('orders', 'subgraphs/orders/src', 'entities/index.ts', 'migrations/index.ts', 'entities'),
  def('invoices', 'subgraphs/invoices/src', 'entities/index.ts', 'migrations/index.ts', 'entities'),
];
