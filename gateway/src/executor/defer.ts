/**
 * `@defer` at the gateway. Hive's planner plans deferred fragments inline, so the gateway splits
 * the operation itself: the *primary* document (every active `@defer` fragment taken out) and the
 * *full* document (the same operation with `@defer` ignored) are planned and run side by side.
 * The primary result is the first payload (`hasNext: true`); when the full one is in, each
 * deferred fragment's fields are cut out of it at every place the fragment applies and sent as
 * one `incremental` payload — the format of Apollo's `deferSpec=20220824` (what Apollo Client and
 * Apollo Router speak): `{ data, hasNext }`, then `{ incremental: [{ data, path, label? }], hasNext }`.
 *
 * Costs: the fields before the deferred ones are fetched twice (once per document; identical
 * subgraph calls of one viewer in flight share one call). Every deferred fragment arrives in the
 * same, last payload.
 */
import {
  GraphQLError,
  Kind,
  visit,
  type ArgumentNode,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
  type SelectionNode,
  type SelectionSetNode,
  type ValueNode,
  type VariableDefinitionNode,
} from 'graphql';

/** One deferred fragment: where it applies (response keys from the root) and what it selects. */
export interface DeferredFragment {
  label?: string;
  path: string[];
  selectionSet: SelectionSetNode;
}

export interface DeferSplit {
  /** The operation without its active deferred fragments (the first payload). */
  primary: DocumentNode;
  /** The operation with `@defer` ignored (where the deferred fields are cut from). */
  full: DocumentNode;
  deferred: DeferredFragment[];
}

/** One item of a later payload. */
export interface IncrementalItem {
  data: Record<string, unknown>;
  path: (string | number)[];
  label?: string;
  errors?: GraphQLError[];
}

const TYPENAME: FieldNode = { kind: Kind.FIELD, name: { kind: Kind.NAME, value: '__typename' } };

/** Does the document use `@defer` anywhere (cheap test before any split)? */
export function usesDefer(document: DocumentNode): boolean {
  let found = false;
  visit(document, {
    Directive(node) {
      if (node.name.value === 'defer') found = true;
    },
  });
  return found;
}

/** The document with every `@defer` removed (also what runs when the client cannot take increments). */
export function withoutDefer(document: DocumentNode): DocumentNode {
  return visit(document, { Directive: (node) => (node.name.value === 'defer' ? null : undefined) });
}

/**
 * Split an operation at its active `@defer` fragments (`if` true, not skipped); null when none is
 * active. Fragment spreads are inlined in the primary document, so each spread site is its own.
 */
export function splitDefer(
  document: DocumentNode,
  operationName: string | undefined,
  variables: Record<string, unknown>,
): DeferSplit | null {
  const op = document.definitions.find(
    (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION && (!operationName || d.name?.value === operationName),
  );
  // Only queries: a mutation would run twice, and a subscription's events are already increments.
  if (!op || op.operation !== 'query') return null;
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const defs = op.variableDefinitions ?? [];
  const deferred: DeferredFragment[] = [];

  const walk = (set: SelectionSetNode, path: string[], seen: ReadonlySet<string>): SelectionSetNode => {
    const selections = set.selections.flatMap((s): SelectionNode[] => {
      if (s.kind === Kind.FIELD) {
        if (!s.selectionSet) return [s];
        return [{ ...s, selectionSet: walk(s.selectionSet, [...path, s.alias?.value ?? s.name.value], seen) }];
      }
      const fragment = s.kind === Kind.FRAGMENT_SPREAD ? fragments.get(s.name.value) : undefined;
      if (s.kind === Kind.FRAGMENT_SPREAD && (!fragment || seen.has(s.name.value))) return [s];
      const inner = s.kind === Kind.INLINE_FRAGMENT ? s.selectionSet : fragment!.selectionSet;
      const typeCondition = s.kind === Kind.INLINE_FRAGMENT ? s.typeCondition : fragment!.typeCondition;
      const defer = s.directives?.find((d) => d.name.value === 'defer');
      if (defer && deferActive(defer, variables, defs)) {
        if (included(s.directives, variables, defs)) {
          const label = argument(defer, 'label');
          deferred.push({
            ...(label?.kind === Kind.STRING ? { label: label.value } : {}),
            path,
            selectionSet: inlineSpreads(inner, fragments, new Set(seen)),
          });
        }
        return [];
      }
      const nextSeen = s.kind === Kind.FRAGMENT_SPREAD ? new Set([...seen, s.name.value]) : seen;
      return [
        {
          kind: Kind.INLINE_FRAGMENT,
          ...(typeCondition ? { typeCondition } : {}),
          directives: (s.directives ?? []).filter((d) => d.name.value !== 'defer'),
          selectionSet: walk(inner, path, nextSeen),
        },
      ];
    });
    return { ...set, selections: selections.length ? selections : [TYPENAME] };
  };

  const root = walk(op.selectionSet, [], new Set());
  if (!deferred.length) return null;
  const primary: DocumentNode = { ...document, definitions: [{ ...op, selectionSet: root }] };
  return { primary, full: withoutDefer(document), deferred };
}

/** Fragment spreads replaced by inline fragments (the deferred part is cut out of data by its selection). */
function inlineSpreads(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen: Set<string>): SelectionSetNode {
  return {
    ...set,
    selections: set.selections.map((s): SelectionNode => {
      if (s.kind === Kind.FIELD) return s.selectionSet ? { ...s, selectionSet: inlineSpreads(s.selectionSet, fragments, seen) } : s;
      if (s.kind === Kind.INLINE_FRAGMENT) return { ...s, selectionSet: inlineSpreads(s.selectionSet, fragments, seen) };
      const fragment = fragments.get(s.name.value);
      if (!fragment || seen.has(s.name.value)) return s;
      return {
        kind: Kind.INLINE_FRAGMENT,
        typeCondition: fragment.typeCondition,
        ...(s.directives ? { directives: s.directives } : {}),
        selectionSet: inlineSpreads(fragment.selectionSet, fragments, new Set([...seen, s.name.value])),
      };
    }),
  };
}

function argument(directive: DirectiveNode, name: string): ValueNode | undefined {
  return directive.arguments?.find((a: ArgumentNode) => a.name.value === name)?.value;
}

/** A Boolean argument's value: a literal, or a variable (its value, else its default, else `fallback`). */
function booleanOf(
  value: ValueNode | undefined,
  variables: Record<string, unknown>,
  defs: readonly VariableDefinitionNode[],
  fallback: boolean,
): boolean {
  if (!value) return fallback;
  if (value.kind === Kind.BOOLEAN) return value.value;
  if (value.kind !== Kind.VARIABLE) return fallback;
  const given = variables[value.name.value];
  if (typeof given === 'boolean') return given;
  const def = defs.find((d) => d.variable.name.value === value.name.value)?.defaultValue;
  return def?.kind === Kind.BOOLEAN ? def.value : fallback;
}

const deferActive = (d: DirectiveNode, variables: Record<string, unknown>, defs: readonly VariableDefinitionNode[]) =>
  booleanOf(argument(d, 'if'), variables, defs, true);

function included(
  directives: readonly DirectiveNode[] | undefined,
  variables: Record<string, unknown>,
  defs: readonly VariableDefinitionNode[],
) {
  for (const d of directives ?? []) {
    if (d.name.value === 'skip' && booleanOf(argument(d, 'if'), variables, defs, false)) return false;
    if (d.name.value === 'include' && !booleanOf(argument(d, 'if'), variables, defs, true)) return false;
  }
  return true;
}

/**
 * The later payload's items: each deferred fragment's fields, cut out of the full result at every
 * object its path reaches (through lists, with their indexes); errors go with the item they fall in.
 */
export function incrementalItems(
  full: { data?: Record<string, unknown> | null; errors?: readonly GraphQLError[] },
  deferred: readonly DeferredFragment[],
  variables: Record<string, unknown>,
): IncrementalItem[] {
  const items: IncrementalItem[] = [];
  for (const d of deferred)
    for (const { path, object } of objectsAt(full.data ?? null, d.path, [])) {
      const data = pick(object, d.selectionSet, variables);
      if (!Object.keys(data).length) continue; // a type condition that does not match this object
      items.push({ data, path, ...(d.label !== undefined ? { label: d.label } : {}) });
    }
  for (const error of full.errors ?? []) {
    const at = error.path;
    const item = at && items.find((i) => i.path.every((p, n) => at[n] === p) && String(at[i.path.length]) in i.data);
    if (item) (item.errors ??= []).push(error);
  }
  return items;
}

function objectsAt(
  value: unknown,
  keys: readonly string[],
  at: (string | number)[],
): { path: (string | number)[]; object: Record<string, unknown> }[] {
  if (value === null || value === undefined) return [];
  if (Array.isArray(value)) return value.flatMap((v, i) => objectsAt(v, keys, [...at, i]));
  if (typeof value !== 'object') return [];
  if (!keys.length) return [{ path: at, object: value as Record<string, unknown> }];
  const [head, ...rest] = keys;
  return objectsAt((value as Record<string, unknown>)[head!], rest, [...at, head!]);
}

/** The fields a selection names, from an already shaped object (values cut to the sub-selection). */
function pick(object: Record<string, unknown>, set: SelectionSetNode, variables: Record<string, unknown>): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) {
      const key = s.alias?.value ?? s.name.value;
      if (!(key in object)) continue;
      const value = object[key];
      out[key] = s.selectionSet ? cut(value, s.selectionSet, variables) : value;
    } else if (s.kind === Kind.INLINE_FRAGMENT && included(s.directives, variables, [])) {
      Object.assign(out, pick(object, s.selectionSet, variables));
    }
  }
  return out;
}

function cut(value: unknown, set: SelectionSetNode, variables: Record<string, unknown>): unknown {
  if (Array.isArray(value)) return value.map((v) => cut(v, set, variables));
  if (value === null || typeof value !== 'object') return value;
  return pick(value as Record<string, unknown>, set, variables);
}
