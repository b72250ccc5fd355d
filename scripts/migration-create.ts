/**
 * Create a migration for one service from the difference between its entities and its
 * committed migrations: `pnpm migration:create <service> [name]`. Runs against a scratch
 * embedded database, writes the file into the service's migrations folder and lists it in the
 * folder's index.ts. Review the SQL before committing.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { MikroORM } from '@mikro-orm/postgresql';
import { ensureSchema, ormOptions, startEmbeddedPostgres } from '@portal/platform/db';
import { SERVICES } from './services.js';

const [service, name = 'change'] = process.argv.slice(2);
const def = SERVICES.find((s) => s.name === service);
if (!def) {
  console.error(`usage: pnpm migration:create <${SERVICES.map((s) => s.name).join('|')}> [name]`);
  process.exit(2);
}
const { entities, migrations, migrationsDir } = await def.load();
const pg = await startEmbeddedPostgres();
try {
  await ensureSchema(pg.url, def.name);
  const orm = await MikroORM.init(ormOptions({ schema: def.name, url: pg.url, entities, migrations }));
  await orm.getMigrator().up();
  const stamp = new Date().toISOString().replace(/\D/g, '').slice(0, 14);
  const className = `Migration${stamp}_${name.replace(/\W/g, '_')}`;
  const diff = await orm.getSchemaGenerator().getUpdateSchemaMigrationSQL({ wrap: false, safe: false, dropTables: true, schema: def.name });
  await orm.close(true);
  const up = diff.up
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
  if (!up.length) {
    console.log(`${service}: entities match the migrations, nothing to create`);
  } else {
    const down = diff.down
      .split('\n')
      .map((l) => l.trim())
      .filter((l) => l && !l.startsWith('drop schema'));
    const q = (s: string) => `    this.addSql(${JSON.stringify(s)});`;
    const file = `import { Migration } from '@mikro-orm/migrations';

export class ${className} extends Migration {
  override async up(): Promise<void> {
${up.map(q).join('\n')}
  }

  override async down(): Promise<void> {
${down.map(q).join('\n')}
  }
}
`;
    const fileName = `${className}.ts`;
    writeFileSync(path.join(migrationsDir, fileName), file);
    const indexPath = path.join(migrationsDir, 'index.ts');
    const index = readFileSync(indexPath, 'utf8');
    const updated = index
      .replace('// @migration-imports', `import { ${className} } from './${className}.js';\n// @migration-imports`)
      .replace('  // @migration-list', `  { name: '${className}', class: ${className} },\n  // @migration-list`);
    writeFileSync(indexPath, updated);
    console.log(`${service}: wrote ${fileName} (${up.length} statements)`);
  }
} finally {
  await pg.stop();
}
