import type { Change } from '@graphql-inspector/core';
import type { GraphQLSchema } from 'graphql';
import { canonicalSchema } from '../schema/snapshot';
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
 * strict), non-breaking ones are information.
 *
 * Deliberately not used: suppressRemovalOfDeprecatedField (it also downgrades every removed type)
 * and ignoreDirectives (it filters nothing); and considerUsage, whose "safe" still reads
 * DANGEROUS, where our own rule is clearer.
 */
export async function assessDrift(snapshot: GraphQLSchema, live: GraphQLSchema, usage: SchemaUsage, options: { strict: boolean }): Promise<DriftItem[]> {
  // Loaded when a drift is judged: every Playwright process loads the checks to list them, and
  // most of them (the runner, a worker of a narrowed run) never diff a schema.
  const { diff, DiffRule } = await import('@graphql-inspector/core');
  const changes = await diff(canonicalSchema(snapshot), canonicalSchema(live), [DiffRule.simplifyChanges]);
  return changes.map((change) => judge(change, snapshot, usage, options)).sort(byVerdictThenPath);
}

function judge(change: Change, snapshot: GraphQLSchema, usage: SchemaUsage, { strict }: { strict: boolean }): DriftItem {
  // As the strings graphql-inspector's enums hold, checked by the types, so judging needs no import of it.
  const level: DriftItem['criticality'] = change.criticality.level;
  const { type } = change;
  const path = change.path ?? '';
  // A new argument cannot be one we pass; it touches whoever calls the field.
  const argumentAdded = type === 'FIELD_ARGUMENT_ADDED';
  const usedBy = path ? usage.touchedBy(path, snapshot, { argumentAdded }) : [];
  const base = { criticality: level, type, path, message: change.message, usedBy } as const;
  if (level === 'BREAKING') {
    return usedBy.length
      ? { ...base, verdict: 'fail', note: `breaking, used by ${usedBy.join(', ')}` }
      : { ...base, verdict: 'warn', note: 'breaking, not used by us' };
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
