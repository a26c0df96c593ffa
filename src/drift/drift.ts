import type { Change } from '@graphql-inspector/core';
import { isInterfaceType, isNonNullType, isObjectType, type GraphQLSchema } from 'graphql';
import { canonicalSchema } from '../schema/snapshot';
import { withoutImplied } from './implied-changes';
import type { SchemaUsage } from './usage';

export type Verdict = 'fail' | 'warn' | 'info';

export interface DriftItem {
  verdict: Verdict;
  criticality: 'BREAKING' | 'DANGEROUS' | 'NON_BREAKING';
  type: string;
  path: string;
  message: string;
  /** Our operations the change touches. */
  usedBy: string[];
  /** Why this verdict, in words. */
  note: string;
}

/**
 * The live schema against the stored snapshot. graphql-inspector classifies each change; our
 * usage decides how much it matters: a breaking change to something our operations touch fails
 * and names them, one nobody of ours touches is a warning. Dangerous changes warn (fail when
 * strict), non-breaking ones are information. Every change is judged on its own, whatever else
 * changed at its path in the same release (tests/unit/drift-differential.spec.ts holds this
 * against graphql-js's findBreakingChanges).
 *
 * Deliberately not used: simplifyChanges (it hides breaking changes under a description or an
 * interface added at the same path), suppressRemovalOfDeprecatedField (it also downgrades every
 * removed type), ignoreDirectives (it filters nothing), and considerUsage, whose "safe" still
 * reads DANGEROUS, where our own rule is clearer.
 */
export async function assessDrift(snapshot: GraphQLSchema, live: GraphQLSchema, usage: SchemaUsage, options: { strict: boolean }): Promise<DriftItem[]> {
  // Loaded when a drift is judged: every Playwright process loads the checks to list them, and
  // most of them (the runner, a worker of a narrowed run) never diff a schema.
  const changes = await changesBetween(canonicalSchema(snapshot), canonicalSchema(live));
  return changes.map((change) => judge(change, snapshot, live, usage, options)).sort(byVerdictThenPath);
}

/**
 * The changes from one schema to another, by the two schemas: both are immutable and built once
 * per content (src/schema/), so organisations of one Pluvo release, with snapshots of it, share
 * one diff. Only the judging is each organisation's (its usage, its strictness).
 */
const diffs = new WeakMap<GraphQLSchema, WeakMap<GraphQLSchema, Promise<Change[]>>>();

function changesBetween(before: GraphQLSchema, after: GraphQLSchema): Promise<Change[]> {
  let from = diffs.get(before);
  if (!from) diffs.set(before, (from = new WeakMap()));
  let changes = from.get(after);
  if (!changes) {
    changes = import('@graphql-inspector/core').then(async ({ diff }) => withoutImplied(await diff(before, after, [])));
    from.set(after, changes);
  }
  return changes;
}

/**
 * The operations a change concerns, by what they select and what they send (the spec's rules for
 * arguments): a default, changed, added or removed, applies to the calls that omit the argument; a
 * new argument to every call; an argument or input type that changed, to the operations that the
 * live schema no longer accepts as they are sent, and, when the argument is now required, to the
 * calls that omit it. A removed enum value, to the operations the live schema no longer accepts
 * as sent. A changed description concerns nobody. Everything else, to the operations that select
 * or name the coordinate.
 */
function affected(change: Change, snapshot: GraphQLSchema, live: GraphQLSchema, usage: SchemaUsage): string[] {
  const path = change.path ?? '';
  if (!path) return [];
  const breaking = change.criticality.level === 'BREAKING';
  // A description or a deprecation's reason is words: no operation sends or reads it.
  if (/DESCRIPTION|DEPRECATION_REASON/.test(change.type)) return [];
  switch (change.type) {
    case 'ENUM_VALUE_REMOVED': {
      // Harmless to an operation that still validates and sends the same values (graphql-js agrees):
      // a value Pluvo no longer returns is one we no longer read.
      const rejected = usage.rejectedBy(live);
      return usage.touchedBy(path, snapshot).filter((operation) => rejected.has(operation));
    }
    case 'FIELD_ARGUMENT_DEFAULT_CHANGED':
      return usage.omitting(path);
    case 'FIELD_ARGUMENT_ADDED':
      return usage.touchedBy(path, snapshot, { argumentAdded: true });
    case 'FIELD_ARGUMENT_TYPE_CHANGED': {
      const rejected = usage.rejectedBy(live);
      const sending = usage.touchedBy(path, snapshot).filter((operation) => rejected.has(operation));
      return union(sending, isRequiredArgument(live, path) ? usage.omitting(path) : []);
    }
    case 'INPUT_FIELD_ADDED':
    case 'INPUT_FIELD_REMOVED':
    case 'INPUT_FIELD_TYPE_CHANGED':
    case 'INPUT_FIELD_DEFAULT_VALUE_CHANGED': {
      const sending = usage.sendingInput(path.split('.')[0] ?? '');
      if (!breaking) return sending;
      const rejected = usage.rejectedBy(live);
      return sending.filter((operation) => rejected.has(operation));
    }
    default:
      return usage.touchedBy(path, snapshot);
  }
}

/** Whether `Type.field.arg` must now be given: non-null in the live schema, with no default. */
function isRequiredArgument(live: GraphQLSchema, path: string): boolean {
  const [typeName = '', fieldName = '', argName] = path.split('.');
  const type = live.getType(typeName);
  if (!type || !(isObjectType(type) || isInterfaceType(type))) return false;
  const argument = type.getFields()[fieldName]?.args.find((candidate) => candidate.name === argName);
  return !!argument && isNonNullType(argument.type) && argument.defaultValue === undefined;
}

const union = (a: readonly string[], b: readonly string[]) => [...new Set([...a, ...b])].sort();

/**
 * Where graphql-inspector's level is lower than the spec's: a directive that is no longer
 * repeatable rejects every document that repeats it (graphql-js's findBreakingChanges calls it
 * breaking too), so it is judged as breaking.
 */
const RAISED: Partial<Record<string, DriftItem['criticality']>> = { DIRECTIVE_REPEATABLE_REMOVED: 'BREAKING' };

function judge(change: Change, snapshot: GraphQLSchema, live: GraphQLSchema, usage: SchemaUsage, { strict }: { strict: boolean }): DriftItem {
  // As the strings graphql-inspector's enums hold, checked by the types, so judging needs no import of it.
  const level: DriftItem['criticality'] = RAISED[change.type] ?? change.criticality.level;
  const { type } = change;
  const path = change.path ?? '';
  const usedBy = affected(change, snapshot, live, usage);
  const base = { criticality: level, type, path, message: change.message, usedBy } as const;
  if (level === 'BREAKING') {
    if (usedBy.length) return { ...base, verdict: 'fail', note: `breaking, used by ${usedBy.join(', ')}` };
    const touching = path ? usage.touchedBy(path, snapshot) : [];
    return {
      ...base,
      verdict: 'warn',
      note: touching.length ? `breaking, but the live schema still accepts what ${touching.join(', ')} sends` : 'breaking, not used by us',
    };
  }
  if (level === 'DANGEROUS') {
    const users = usedBy.length ? `, used by ${usedBy.join(', ')}` : '';
    return { ...base, verdict: strict ? 'fail' : 'warn', note: `dangerous${users}${strict ? ' (strict)' : ''}` };
  }
  return { ...base, verdict: 'info', note: 'non-breaking' };
}

const ORDER: Record<Verdict, number> = { fail: 0, warn: 1, info: 2 };

function byVerdictThenPath(a: { verdict: Verdict; path: string }, b: { verdict: Verdict; path: string }): number {
  return ORDER[a.verdict] - ORDER[b.verdict] || a.path.localeCompare(b.path);
}

export { byVerdictThenPath };
