/**
 * What the executor does to response data: merge a subgraph's answer into what is known, apply a
 * plan's rewrites (`ValueSetter`, `KeyRenamer`) and decide type conditions (an object type, or an
 * interface or union it belongs to, in the supergraph).
 */
import { isAbstractType, isObjectType, type GraphQLSchema } from 'graphql';
import type { FetchPathSegment, FetchRewrite } from './plan.js';

type Data = Record<string, any>;

/** Does an object of type `typename` match the condition `condition` (the type itself, or an interface/union it belongs to)? */
const satisfiesCache = new WeakMap<GraphQLSchema, Map<string, boolean>>();
export function satisfies(schema: GraphQLSchema, typename: unknown, condition: string): boolean {
  if (typeof typename !== 'string') return false;
  if (typename === condition) return true;
  let cache = satisfiesCache.get(schema);
  if (!cache) satisfiesCache.set(schema, (cache = new Map()));
  const key = `${typename}\u0000${condition}`;
  let answer = cache.get(key);
  if (answer === undefined) {
    const abstract = schema.getType(condition);
    const object = schema.getType(typename);
    answer = !!abstract && isAbstractType(abstract) && !!object && isObjectType(object) && schema.isSubType(abstract, object);
    cache.set(key, answer);
  }
  return answer;
}

export const satisfiesAny = (schema: GraphQLSchema, typename: unknown, conditions: string[] | string) =>
  (Array.isArray(conditions) ? conditions : [conditions]).some((c) => satisfies(schema, typename, c));

/** A plan rewrite: set a value (`ValueSetter`, e.g. an interface object's `__typename`) or rename a key (`KeyRenamer`). */
export function applyRewrite(ctx: { supergraphSchema: GraphQLSchema }, rewrite: FetchRewrite, value: unknown): void {
  if ('KeyRenamer' in rewrite) return renameAt(ctx.supergraphSchema, rewrite.KeyRenamer.path, rewrite.KeyRenamer.renameKeyTo, value);
  const setter = 'ValueSetter' in rewrite ? rewrite.ValueSetter : rewrite;
  setAt(ctx.supergraphSchema, setter.path, setter.setValueTo, value);
}

function setAt(
  schema: GraphQLSchema,
  path: readonly FetchPathSegment[],
  to: string,
  value: unknown,
  parent?: any,
  key?: string | number,
): void {
  if (!path.length) {
    if (parent && key !== undefined) parent[key] = to;
    return;
  }
  if (Array.isArray(value)) return value.forEach((v, i) => setAt(schema, path, to, v, value, i));
  if (value === null || typeof value !== 'object') return;
  const [head, ...rest] = path;
  const obj = value as Data;
  if ('TypenameEquals' in head!) {
    if (satisfiesAny(schema, obj.__typename, head.TypenameEquals)) setAt(schema, rest, to, obj, parent, key);
  } else if (head!.Key in obj) setAt(schema, rest, to, obj[head!.Key], obj, head!.Key);
}

function renameAt(schema: GraphQLSchema, path: readonly FetchPathSegment[], to: string, value: unknown): void {
  if (Array.isArray(value)) return value.forEach((v) => renameAt(schema, path, to, v));
  if (value === null || typeof value !== 'object' || !path.length) return;
  const [head, ...rest] = path;
  const obj = value as Data;
  if ('TypenameEquals' in head!) {
    if (satisfiesAny(schema, obj.__typename, head.TypenameEquals)) renameAt(schema, rest, to, obj);
  } else if (!rest.length) {
    if (head!.Key !== to && head!.Key in obj) {
      setOwn(obj, to, obj[head!.Key]);
      delete obj[head!.Key];
    }
  } else renameAt(schema, rest, to, obj[head!.Key]);
}

/** Merge a subgraph's answer into what is known (objects key by key, equal-length lists element by element). */
export function deepMerge(target: Data, source: Data | null | undefined): Data {
  if (source === undefined || source === null) return target;
  for (const key of Object.keys(source)) {
    const value = source[key];
    if (value === undefined) continue;
    // Own keys only: `target.__proto__` is the prototype, never something to merge into.
    const current = Object.hasOwn(target, key) ? target[key] : undefined;
    if (current && isPlainObject(value)) deepMerge(current, value);
    else if (Array.isArray(value) && Array.isArray(current) && value.length === current.length) {
      for (let i = 0; i < value.length; i++) {
        if (isPlainObject(current[i]) && isPlainObject(value[i])) deepMerge(current[i], value[i]);
        else current[i] = value[i];
      }
    } else setOwn(target, key, value);
  }
  return target;
}

const isPlainObject = (v: unknown): v is Data => v !== null && typeof v === 'object' && !Array.isArray(v);

/** `__proto__` from a subgraph's JSON is a key like any other, never the prototype. */
function setOwn(target: Data, key: string, value: unknown): void {
  if (key === '__proto__') Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
  else target[key] = value;
}
