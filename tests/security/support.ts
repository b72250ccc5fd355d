/**
 * Helpers for the security suite: the client schema (schema/api.graphql, so a new field is probed
 * without editing the suite), a selection builder that asks for everything a field returns down to
 * a depth, argument values by kind, a leak scanner and checks on responses.
 */
import { readFileSync } from 'node:fs';
import {
  buildASTSchema,
  buildSchema,
  getNamedType,
  getNullableType,
  isAbstractType,
  isEnumType,
  isInputObjectType,
  isLeafType,
  isNonNullType,
  isObjectType,
  isInterfaceType,
  parse,
  type GraphQLArgument,
  type GraphQLField,
  type GraphQLInputType,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { GraphQLResponse } from '../support/graphql.js';

const repo = (path: string) => new URL(`../../${path}`, import.meta.url);

export const apiSchema: GraphQLSchema = buildSchema(readFileSync(repo('schema/api.graphql'), 'utf8'));

/** A subgraph's own SDL as a schema (federation directives are only annotations here). */
export function subgraphSchema(name: string): { schema: GraphQLSchema; sdl: string } {
  const sdl = readFileSync(repo(`subgraphs/${name}/src/schema.graphql`), 'utf8');
  const prelude = `scalar _Any
    directive @key(fields: String!, resolvable: Boolean = true) repeatable on OBJECT | INTERFACE
    directive @external on FIELD_DEFINITION | OBJECT
    directive @requires(fields: String!) on FIELD_DEFINITION
    directive @shareable repeatable on OBJECT | FIELD_DEFINITION
    directive @link(url: String, import: [String]) repeatable on SCHEMA
    schema { query: Query }`;
  const doc = parse(`${prelude}\n${sdl.includes('type Query') ? '' : 'type Query { _x: Int }'}\n${sdl}`);
  return { schema: buildASTSchema(doc, { assumeValidSDL: true }), sdl };
}

/** A literal for a required argument the suite has no better value for. */
export function placeholder(type: GraphQLInputType): string | undefined {
  const named = getNamedType(type);
  if (isEnumType(named)) return named.getValues()[0]!.name;
  switch (named.name) {
    case 'Int':
    case 'Float':
      return '1';
    case 'Boolean':
      return 'false';
    case 'Date':
      return '"2030-01-15"';
    case 'String':
    case 'ID':
      return '"x"';
    default:
      return undefined; // an input object: the field is left out
  }
}

/**
 * Everything `type` offers, `depth` object levels deep: leaves, objects (recursively), every member
 * of a union/interface; required arguments get placeholders. `skip` leaves fields out.
 */
export function selectAll(type: GraphQLNamedType, depth: number, skip: (parent: string, field: string) => boolean = () => false): string {
  if (isLeafType(type)) return '';
  if (isAbstractType(type)) {
    const members = apiOrOwnPossibleTypes(type);
    // Sibling fragments may not select one name with two types (`lines` of two event kinds): leave those out.
    const types = new Map<string, Set<string>>();
    for (const m of members)
      for (const f of Object.values(m.getFields())) types.set(f.name, (types.get(f.name) ?? new Set()).add(String(f.type)));
    const conflicting = (field: string) => (types.get(field)?.size ?? 0) > 1;
    return [
      '__typename',
      ...members.map((m) => {
        const inner = selectAll(m, depth, (p, f) => skip(p, f) || (p === m.name && conflicting(f)));
        return `... on ${m.name} { ${inner || '__typename'} }`;
      }),
    ].join(' ');
  }
  if (!isObjectType(type) && !isInterfaceType(type)) return '';
  const parts: string[] = ['__typename'];
  for (const field of Object.values(type.getFields()) as GraphQLField<unknown, unknown>[]) {
    if (skip(type.name, field.name)) continue;
    const args = requiredArgs(field.args);
    if (args === undefined) continue;
    const named = getNamedType(field.type);
    if (isLeafType(named)) {
      parts.push(`${field.name}${args}`);
      continue;
    }
    if (depth <= 1) continue;
    const inner = selectAll(named, depth - 1, skip);
    if (inner && inner !== '__typename') parts.push(`${field.name}${args} { ${inner} }`);
  }
  return parts.join(' ');
}

let currentSchema: GraphQLSchema = apiSchema;
/** selectAll over another schema (a subgraph's) for the duration of `fn`. */
export function withSchema<T>(schema: GraphQLSchema, fn: () => T): T {
  const before = currentSchema;
  currentSchema = schema;
  try {
    return fn();
  } finally {
    currentSchema = before;
  }
}
function apiOrOwnPossibleTypes(type: GraphQLNamedType) {
  return currentSchema.getPossibleTypes(type as never);
}

function requiredArgs(args: readonly GraphQLArgument[]): string | undefined {
  const parts: string[] = [];
  for (const a of args) {
    if (!isNonNullType(a.type) || a.defaultValue !== undefined) continue;
    const value = placeholder(a.type);
    if (value === undefined) return undefined;
    parts.push(`${a.name}: ${value}`);
  }
  return parts.length ? `(${parts.join(', ')})` : '';
}

/** The GraphQL type text of an argument (for variable definitions). */
export const typeText = (t: GraphQLInputType) => String(t);

/** Every input position that takes an id: `Field.arg` or `Field.arg.inputField` (one level of input objects). */
export function idPositions(field: GraphQLField<unknown, unknown>): { arg: string; path: string[]; type: GraphQLInputType }[] {
  const out: { arg: string; path: string[]; type: GraphQLInputType }[] = [];
  for (const a of field.args) {
    const named = getNamedType(a.type);
    if (isInputObjectType(named)) {
      for (const f of Object.values(named.getFields())) out.push({ arg: a.name, path: [a.name, f.name], type: f.type });
    } else out.push({ arg: a.name, path: [a.name], type: a.type });
  }
  return out;
}

export const isListInput = (t: GraphQLInputType) => getNullableType(t).constructor.name === 'GraphQLList';

/** Strings of the victim's data found in a response, minus what the request itself carried. */
export function leaks(body: unknown, secrets: Map<string, string>, sent: string): string[] {
  const text = JSON.stringify(body);
  const found: string[] = [];
  for (const [value, label] of secrets) if (!sent.includes(value) && text.includes(value)) found.push(`${label}=${value}`);
  return found;
}

/** Codes a refused request may carry; anything else (INTERNAL_SERVER_ERROR above all) is a defect. */
export const CLIENT_CODES = new Set([
  'BAD_USER_INPUT',
  'GRAPHQL_VALIDATION_FAILED',
  'GRAPHQL_PARSE_FAILED',
  'BAD_REQUEST',
  'FORBIDDEN',
  'NOT_FOUND',
  'UNAUTHENTICATED',
  'PAYLOAD_TOO_LARGE', // 413: the body is over MAX_BODY_BYTES
]);

/** Every error of a response carries a client code, and the status is not a 5xx. */
export function clientSafe(r: GraphQLResponse): string | undefined {
  if (r.status >= 500) return `HTTP ${r.status}: ${JSON.stringify(r.body).slice(0, 300)}`;
  for (const e of r.body.errors ?? []) {
    const code = e.extensions?.code;
    if (!code || !CLIENT_CODES.has(code)) return `error code ${code}: ${e.message}`;
  }
  return undefined;
}

/** Walk a JSON value, calling `visit` for every string under one of `keys`. */
export function collectStrings(value: unknown, keys: Set<string>, visit: (key: string, v: string) => void, key = ''): void {
  if (typeof value === 'string') {
    if (keys.has(key)) visit(key, value);
  } else if (Array.isArray(value)) for (const v of value) collectStrings(v, keys, visit, key);
  else if (value && typeof value === 'object')
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) collectStrings(v, keys, visit, k);
}
