/**
 * Result shaping: what the fetches gathered, cut to the client's operation — response names
 * (aliases), fragments and their type conditions, `@skip`/`@include`, `__typename`, leaf values
 * checked against their type, and `null` propagated up to the nearest nullable field with one
 * error. The rules are those of Apollo's result shaping (`@apollo/gateway` `computeResponse`),
 * which the gateway ran before; what differs is the cost. Apollo walks the operation's selection
 * sets and resolves each selection's directives, type and response name on every request; here
 * the operation is compiled once (cached with the operation, which the plan cache holds) into plain
 * records, and a request only walks the data.
 */
import {
  ERRORS,
  isCompositeType,
  isListType,
  isNonNullType,
  isObjectType,
  isSubtype,
  isValidLeafValue,
  Variable,
  type CompositeType,
  type EnumType,
  type FieldSelection,
  type NamedType,
  type Operation,
  type ScalarType,
  type Schema,
  type Selection,
  type SelectionSet,
  type Type,
} from '@apollo/federation-internals';
import type { GraphQLError } from 'graphql';

type Data = Record<string, any>;

/** A `@skip`/`@include` condition: a literal, or the name of a Boolean variable. */
type Condition = boolean | string;

const NON_NULL = 0;
const LIST = 1;
const COMPOSITE = 2;
const LEAF = 3;

type OutputType =
  | { kind: typeof NON_NULL; of: OutputType; text: string }
  | { kind: typeof LIST; of: OutputType; text: string }
  | { kind: typeof COMPOSITE; type: CompositeType; text: string }
  | { kind: typeof LEAF; type: ScalarType | EnumType; text: string };

interface FieldStep {
  field: true;
  skip: Condition | undefined;
  include: Condition | undefined;
  responseName: string;
  typename: boolean;
  /** `__schema` / `__type`: answered by the gateway (the original selection is what it needs). */
  introspection: FieldSelection | undefined;
  type: OutputType;
  selections: Step[] | undefined;
}

interface FragmentStep {
  field: false;
  skip: Condition | undefined;
  include: Condition | undefined;
  typeCondition: CompositeType | undefined;
  /** Does the condition hold for an object of this type name? (cached per step) */
  applies: Map<string, boolean>;
  selections: Step[];
}

type Step = FieldStep | FragmentStep;

interface CompiledOperation {
  schema: Schema;
  root: CompositeType;
  defaults: Record<string, unknown>;
  selections: Step[];
}

/** Bits a value's shaping reports to its parent (kept in the walk's state: no object per value). */
const HAS_ERRORS = 1;
const INVALID = 2;

interface Walk {
  schema: Schema;
  variables: Record<string, unknown>;
  errors: GraphQLError[];
  introspection: (selection: FieldSelection) => unknown;
  path: (string | number)[];
  flags: number;
}

const compiled = new WeakMap<Operation, CompiledOperation>();

function compile(operation: Operation): CompiledOperation {
  let c = compiled.get(operation);
  if (!c) {
    const schema = operation.schema();
    c = {
      schema,
      root: schema.schemaDefinition.rootType(operation.rootKind)!,
      defaults: operation.collectDefaultedVariableValues() ?? {},
      selections: compileSet(schema, operation.selectionSet),
    };
    compiled.set(operation, c);
  }
  return c;
}

function compileSet(schema: Schema, set: SelectionSet): Step[] {
  return set.selections().map((s) => compileSelection(schema, s));
}

function compileSelection(schema: Schema, selection: Selection): Step {
  const element = selection.element;
  const skip = condition(element.appliedDirectivesOf(schema.skipDirective())[0]);
  const include = condition(element.appliedDirectivesOf(schema.includeDirective())[0]);
  if (selection.kind === 'FieldSelection') {
    const field = selection.element;
    return {
      field: true,
      skip,
      include,
      responseName: field.responseName(),
      typename: field.name === '__typename',
      introspection: field.definition.isSchemaIntrospectionField() ? selection : undefined,
      type: outputType(field.definition.type!),
      selections: selection.selectionSet ? compileSet(schema, selection.selectionSet) : undefined,
    };
  }
  return {
    field: false,
    skip,
    include,
    typeCondition: selection.element.typeCondition,
    applies: new Map(),
    selections: compileSet(schema, selection.selectionSet),
  };
}

function condition(directive: { arguments(): Record<string, unknown> } | undefined): Condition | undefined {
  if (!directive) return undefined;
  const value = directive.arguments().if;
  return value instanceof Variable ? value.name : value === true;
}

function outputType(type: Type): OutputType {
  const text = String(type);
  if (isNonNullType(type)) return { kind: NON_NULL, of: outputType(type.ofType), text };
  if (isListType(type)) return { kind: LIST, of: outputType(type.ofType), text };
  if (isCompositeType(type)) return { kind: COMPOSITE, type, text };
  return { kind: LEAF, type: type as ScalarType | EnumType, text };
}

function holds(c: Condition, variables: Record<string, unknown>): boolean {
  if (typeof c === 'boolean') return c;
  const value = variables[c];
  if (typeof value !== 'boolean') throw new Error(`Unexpected value ${String(value)} for variable $${c} of @skip/@include`);
  return value;
}

/** The data of `input` shaped to the operation, and the errors shaping found (invalid values, nulls in non-null fields). */
export function shapeResult(
  operation: Operation,
  variables: Record<string, unknown>,
  input: Data | null | undefined,
  introspection: (selection: FieldSelection) => unknown,
): { data: Data | null | undefined; errors: GraphQLError[] } {
  if (!input) return { data: input, errors: [] };
  const op = compile(operation);
  const walk: Walk = {
    schema: op.schema,
    variables: { __proto__: null, ...op.defaults, ...variables } as Record<string, unknown>,
    errors: [],
    introspection,
    path: [],
    flags: 0,
  };
  const data: Data = Object.create(null);
  const bubbled = applySelections(walk, input, op.selections, data, op.root);
  return { data: bubbled ? null : data, errors: walk.errors };
}

/** Fill `output` from `input` for these selections; true when a null must bubble up past this object. */
function applySelections(walk: Walk, input: Data, steps: Step[], output: Data, parentType: NamedType): boolean {
  for (let i = 0; i < steps.length; i++) {
    const step = steps[i]!;
    if (step.skip !== undefined && holds(step.skip, walk.variables)) continue;
    if (step.include !== undefined && !holds(step.include, walk.variables)) continue;
    if (step.field) {
      const name = step.responseName;
      const outputValue = output[name];
      if (step.introspection) {
        if (outputValue === undefined) output[name] = walk.introspection(step.introspection);
        continue;
      }
      let inputValue = Object.hasOwn(input, name) ? (input[name] ?? null) : null;
      if (step.typename) {
        if (outputValue === undefined) {
          if (inputValue === null && name !== '__typename') inputValue = input.__typename ?? null;
          const type = typeof inputValue === 'string' ? (walk.schema.type(inputValue) ?? parentType) : parentType;
          if (!isObjectType(type)) return true;
          output[name] = type.name;
        }
        continue;
      }
      walk.path.push(name);
      output[name] = shapeValue(walk, outputValue, step.type, inputValue, step.selections, parentType);
      walk.path.pop();
      if (walk.flags & INVALID) return true;
    } else {
      const typename = input.__typename as unknown;
      if (typename && typeof typename !== 'string') throw new Error(`Got unexpected value for __typename: ${String(typename)}`);
      if (step.typeCondition && !conditionApplies(walk.schema, step, typename as string | undefined, parentType)) continue;
      if (applySelections(walk, input, step.selections, output, step.typeCondition ?? parentType)) return true;
    }
  }
  return false;
}

function conditionApplies(schema: Schema, step: FragmentStep, typename: string | undefined, parentType: NamedType): boolean {
  const key = typename || `\u0000${parentType.name}`;
  let answer = step.applies.get(key);
  if (answer === undefined) {
    const type = typename ? schema.type(typename) : parentType;
    answer = !!type && isSubtype(step.typeCondition!, type);
    step.applies.set(key, answer);
  }
  return answer;
}

function describeLast(path: readonly (string | number)[], type: OutputType, parentType: NamedType): string {
  const last = path[path.length - 1];
  return typeof last === 'string' ? `field ${parentType.name}.${last}` : `array element of type ${type.text} at index ${last}`;
}

function shapeError(walk: Walk, message: string): void {
  walk.errors.push(ERRORS.INVALID_GRAPHQL.err(message, { path: [...walk.path] }));
}

/** One value (Apollo's `updateOutputValue`); sets `walk.flags` for the caller. */
function shapeValue(
  walk: Walk,
  outputValue: any,
  type: OutputType,
  inputValue: any,
  selections: Step[] | undefined,
  parentType: NamedType,
): any {
  if (outputValue === null || (outputValue !== undefined && !selections)) {
    walk.flags = 0;
    return outputValue;
  }
  switch (type.kind) {
    case NON_NULL: {
      const value = shapeValue(walk, outputValue, type.of, inputValue, selections, parentType);
      if (value === null) {
        if (!(walk.flags & HAS_ERRORS))
          shapeError(walk, `Cannot return null for non-nullable ${describeLast(walk.path, type.of, parentType)}.`);
        walk.flags = INVALID | HAS_ERRORS;
        return null;
      }
      walk.flags = 0;
      return value;
    }
    case LIST: {
      if (inputValue === null) break;
      if (!Array.isArray(inputValue))
        throw new Error(`Invalid non-list value ${String(inputValue)} returned by subgraph for list type ${type.text}`);
      if (outputValue !== undefined && (!Array.isArray(outputValue) || outputValue.length !== inputValue.length))
        throw new Error(`Invalid list value at ${walk.path.join('.')}: the merged lists differ in length`);
      const n = inputValue.length;
      const updated = new Array(n);
      let nullify = false;
      let hasErrors = false;
      for (let i = 0; i < n; i++) {
        walk.path.push(i);
        updated[i] = shapeValue(
          walk,
          outputValue === undefined ? undefined : outputValue[i],
          type.of,
          inputValue[i],
          selections,
          parentType,
        );
        walk.path.pop();
        if (walk.flags & INVALID) nullify = true;
        if (walk.flags & HAS_ERRORS) hasErrors = true;
      }
      walk.flags = hasErrors ? HAS_ERRORS : 0;
      return nullify ? null : updated;
    }
    case COMPOSITE: {
      if (inputValue === null) break;
      if (!selections) throw new Error(`Invalid empty selection set for composite type ${type.text}`);
      if (typeof inputValue !== 'object' || (outputValue !== undefined && typeof outputValue !== 'object'))
        throw new Error(`Invalid non-object value ${String(inputValue)} returned by subgraph for composite type ${type.text}`);
      const typename = inputValue.__typename as unknown;
      if (typename !== undefined && typeof typename !== 'string')
        throw new Error(`Invalid non-string value ${String(typename)} for __typename at ${walk.path.join(',')}`);
      let objectType: NamedType = type.type;
      if (typename) {
        const named = walk.schema.type(typename);
        if (!named || !isCompositeType(named)) {
          shapeError(walk, `Invalid __typename found for object at ${describeLast(walk.path, type, parentType)}.`);
          walk.flags = HAS_ERRORS;
          return null;
        }
        objectType = named;
      }
      const out: Data = outputValue === undefined ? Object.create(null) : outputValue;
      const bubbled = applySelections(walk, inputValue, selections, out, objectType);
      walk.flags = bubbled ? HAS_ERRORS : 0;
      return bubbled ? null : out;
    }
    case LEAF: {
      if (inputValue === null) break;
      if (outputValue !== undefined) throw new Error(`Expected output to be undefined but got ${type.text}`);
      const valid = isValidLeafValue(walk.schema, inputValue, type.type);
      if (!valid) shapeError(walk, `Invalid value found for ${describeLast(walk.path, type, parentType)}.`);
      walk.flags = valid ? 0 : HAS_ERRORS;
      return valid ? inputValue : null;
    }
  }
  walk.flags = 0;
  return null;
}
