/**
 * Compose the subgraph SDLs listed in schema/supergraph.yaml into schema/supergraph.graphql.
 * `--check` fails (exit 1) when the committed supergraph differs from a fresh composition.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import path from 'node:path';
import { composeServices } from '@apollo/composition';
import { parse } from 'graphql';
import YAML from 'yaml';

const schemaDir = path.resolve(import.meta.dirname, '../schema');
const config = YAML.parse(readFileSync(path.join(schemaDir, 'supergraph.yaml'), 'utf8')) as {
  subgraphs: Record<string, { routing_url: string; schema: { file: string } }>;
};

const services = Object.entries(config.subgraphs).map(([name, s]) => ({
  name,
  url: s.routing_url,
  typeDefs: parse(readFileSync(path.resolve(schemaDir, s.schema.file), 'utf8')),
}));
const result = composeServices(services);
if (result.errors) {
  console.error('composition failed:');
  for (const e of result.errors) console.error(`  - ${e.message}`);
  process.exit(1);
}
for (const hint of result.hints ?? []) console.warn(`hint: ${hint.definition.code}: ${hint.message}`);

const target = path.join(schemaDir, 'supergraph.graphql');
const sdl = `${result.supergraphSdl.trim()}\n`;
if (process.argv.includes('--check')) {
  const committed = readFileSync(target, 'utf8');
  if (committed !== sdl) {
    console.error('schema/supergraph.graphql is out of date: run `pnpm compose` and commit the result');
    process.exit(1);
  }
  console.log(`supergraph up to date (${services.length} subgraphs)`);
} else {
  writeFileSync(target, sdl);
  console.log(`composed ${services.length} subgraphs into schema/supergraph.graphql`);
}
