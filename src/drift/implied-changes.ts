import type { Change } from '@graphql-inspector/core';

/**
 * The changes a release's diff implies without saying anything new: since graphql-inspector 7, a
 * type added as a whole also comes with one change per field, argument and value inside it, all of
 * them additions. Those are dropped; nothing else is. (DiffRule.simplifyChanges drops every change
 * whose path lies at or under an earlier "simple" change, so a description or an interface added in
 * the same release hid breaking changes at that path: graphql-inspector issue #2955.)
 */
export function withoutImplied(changes: readonly Change[]): Change[] {
  const added = new Set(changes.filter((change) => change.type === 'TYPE_ADDED' && change.path).map((change) => change.path!));
  return changes.filter((change) => {
    const path = change.path ?? '';
    const typeName = path.split('.')[0] ?? '';
    return change.type === 'TYPE_ADDED' || !added.has(typeName) || path === typeName;
  });
}
