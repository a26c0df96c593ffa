import { isEnumType, isInputObjectType, isInterfaceType, isIntrospectionType, isObjectType, type GraphQLSchema } from 'graphql';
import { byVerdictThenPath, type Verdict } from './drift';
import type { DeprecationLog, FirstSeen } from '../knowledge/deprecation-log';
import type { SchemaUsage } from './usage';

export interface Deprecation {
  /** Schema coordinate: `User.email`, `Query.paginatedUsers.archived`, `Language.DE`. */
  coordinate: string;
  kind: 'field' | 'argument' | 'enum value' | 'input field';
  reason: string;
}

export interface RadarItem extends Deprecation {
  verdict: Verdict;
  usedBy: string[];
  /** First seen on this target (YYYY-MM-DD). */
  since: string;
  isNew: boolean;
  /** The name in the reason that exists in the live schema, if any. */
  alternative: string | undefined;
  note: string;
  /** Ask for a Slack notice even when the run passes (deprecated and used by us). */
  notify: boolean;
  /** Deprecated in the snapshot and no longer in the live schema (deprecated or at all). */
  gone?: true;
  /** What this look recorded in the log for it (a first sighting, or a new reason), for the run to keep. */
  recorded?: FirstSeen;
}

/** Every deprecated field, argument, enum value and input field, with its reason. */
export function deprecationsOf(schema: GraphQLSchema): Deprecation[] {
  const found: Deprecation[] = [];
  for (const type of Object.values(schema.getTypeMap())) {
    if (isIntrospectionType(type)) continue;
    if (isObjectType(type) || isInterfaceType(type)) {
      for (const field of Object.values(type.getFields())) {
        if (field.deprecationReason != null) found.push({ coordinate: `${type.name}.${field.name}`, kind: 'field', reason: field.deprecationReason });
        for (const arg of field.args)
          if (arg.deprecationReason != null)
            found.push({ coordinate: `${type.name}.${field.name}.${arg.name}`, kind: 'argument', reason: arg.deprecationReason });
      }
    } else if (isEnumType(type)) {
      for (const value of type.getValues())
        if (value.deprecationReason != null) found.push({ coordinate: `${type.name}.${value.name}`, kind: 'enum value', reason: value.deprecationReason });
    } else if (isInputObjectType(type)) {
      for (const field of Object.values(type.getFields()))
        if (field.deprecationReason != null) found.push({ coordinate: `${type.name}.${field.name}`, kind: 'input field', reason: field.deprecationReason });
    }
  }
  return found.sort((a, b) => a.coordinate.localeCompare(b.coordinate));
}

/**
 * The name of a replacement that the reason mentions and the live schema has: a sibling field,
 * argument, enum value or input field, a root field, or a type. Pluvo's docs promise every
 * deprecation names one.
 */
export function alternativeIn(deprecation: Deprecation, live: GraphQLSchema): string | undefined {
  const [typeName = '', member, argName] = deprecation.coordinate.split('.');
  const deprecatedName = argName ?? member;
  const names = new Set<string>(Object.keys(live.getTypeMap()));
  const add = (list: Iterable<string>) => {
    for (const name of list) names.add(name);
  };
  const type = live.getType(typeName);
  if (type && (isObjectType(type) || isInterfaceType(type) || isInputObjectType(type))) add(Object.keys(type.getFields()));
  if (type && isEnumType(type)) add(type.getValues().map((v) => v.name));
  if (argName && type && (isObjectType(type) || isInterfaceType(type))) add(type.getFields()[member ?? '']?.args.map((a) => a.name) ?? []);
  for (const root of [live.getQueryType(), live.getMutationType()]) add(Object.keys(root?.getFields() ?? {}));
  const words = deprecation.reason.match(/[A-Za-z_][A-Za-z0-9_]*(?:\.[A-Za-z_][A-Za-z0-9_]*)*/g) ?? [];
  for (const word of words) {
    const last = word.split('.').at(-1) ?? word;
    if (last !== deprecatedName && names.has(last)) return word;
  }
  return undefined;
}

/**
 * The deprecation radar: what is deprecated in the live schema, what is new since the snapshot,
 * what our operations use, and whether each reason names an alternative.
 * - newly deprecated and used by us: fail (our integration must move; pull the snapshot once it has);
 * - a new or changed reason that names no alternative in the live schema: fail (the docs promise one);
 * - an accepted deprecation that we still use: warn with a Slack notice, fail when strict;
 * - anything else new: warn; the rest: info. Deprecated things that disappeared are warned about
 *   (the drift check judges the removal itself).
 */
export function deprecationRadar(
  snapshot: GraphQLSchema,
  live: GraphQLSchema,
  usage: SchemaUsage,
  log: DeprecationLog,
  target: string,
  options: { strict: boolean; today: string },
): RadarItem[] {
  const before = new Map(deprecationsOf(snapshot).map((d) => [d.coordinate, d]));
  const items: RadarItem[] = [];
  for (const deprecation of deprecationsOf(live)) {
    const known = log.get(target, deprecation.coordinate);
    const recorded = !known || known.reason !== deprecation.reason ? { firstSeen: known?.firstSeen ?? options.today, reason: deprecation.reason } : undefined;
    if (recorded) log.pin(target, deprecation.coordinate, recorded);
    const since = known?.firstSeen ?? options.today;
    const old = before.get(deprecation.coordinate);
    const isNew = !old;
    const reasonChanged = !!old && old.reason !== deprecation.reason;
    const usedBy = usage.touchedBy(deprecation.coordinate, snapshot);
    const alternative = alternativeIn(deprecation, live);
    const used = usedBy.length ? `used by ${usedBy.join(', ')}` : 'not used by us';
    const replacement = alternative ? `replacement: ${alternative}` : 'names no alternative in the live schema';
    let verdict: Verdict;
    let note: string;
    if (isNew && usedBy.length) [verdict, note] = ['fail', `newly deprecated and ${used}; ${replacement}`];
    else if (!alternative && (isNew || reasonChanged))
      [verdict, note] = [
        'fail',
        `${isNew ? 'new deprecation' : 'reason changed'} that names no alternative present in the live schema (Pluvo's docs promise one)`,
      ];
    else if (usedBy.length)
      [verdict, note] = [options.strict ? 'fail' : 'warn', `deprecated since ${since} and still ${used}; ${replacement}${options.strict ? ' (strict)' : ''}`];
    else if (isNew || reasonChanged) [verdict, note] = ['warn', `${isNew ? 'newly deprecated' : 'reason changed'}, ${used}; ${replacement}`];
    else if (!alternative) [verdict, note] = ['warn', `${replacement}`];
    else [verdict, note] = ['info', `${used}; ${replacement}`];
    items.push({ ...deprecation, verdict, usedBy, since, isNew, alternative, note, notify: usedBy.length > 0, ...(recorded ? { recorded } : {}) });
  }
  const live_ = new Set(items.map((i) => i.coordinate));
  for (const [coordinate, old] of before) {
    if (live_.has(coordinate)) continue;
    const usedBy = usage.touchedBy(coordinate, snapshot);
    const since = log.get(target, coordinate)?.firstSeen ?? 'unknown';
    items.push({
      ...old,
      verdict: 'warn',
      usedBy,
      since,
      isNew: false,
      alternative: undefined,
      note: `was deprecated (since ${since}) and is no longer deprecated or no longer exists; the drift check judges a removal`,
      notify: usedBy.length > 0,
      gone: true,
    });
  }
  return items.sort((a, b) => byVerdictThenPath({ verdict: a.verdict, path: a.coordinate }, { verdict: b.verdict, path: b.coordinate }));
}
