import { test, expect } from '../contract/base-test';
import type { Change } from '@graphql-inspector/core';
import { withoutImplied } from '../../src/drift/implied-changes';

const change = (type: string, path: string, level = 'NON_BREAKING') =>
  ({ type, path, message: `${type} ${path}`, criticality: { level }, meta: {} }) as unknown as Change;

test.describe('implied changes', () => {
  test("an added type's own fields, arguments and values go; the type itself stays", () => {
    const changes = [
      change('TYPE_ADDED', 'Audit'),
      change('FIELD_ADDED', 'Audit.at'),
      change('FIELD_ARGUMENT_ADDED', 'Audit.at.tz'),
      change('FIELD_ADDED', 'Query.audit'),
    ];
    expect(withoutImplied(changes).map((c) => c.path)).toEqual(['Audit', 'Query.audit']);
  });

  test('nothing else is implied: a description, an interface or a deprecation beside a breaking change at the same path keeps both', () => {
    const changes = [
      change('FIELD_DESCRIPTION_ADDED', 'User.email'),
      change('FIELD_TYPE_CHANGED', 'User.email', 'BREAKING'),
      change('OBJECT_TYPE_INTERFACE_ADDED', 'Certificate', 'DANGEROUS'),
      change('FIELD_REMOVED', 'Certificate.name', 'BREAKING'),
      change('UNION_MEMBER_ADDED', 'U', 'DANGEROUS'),
      change('UNION_MEMBER_ADDED', 'U', 'DANGEROUS'),
    ];
    expect(withoutImplied(changes)).toEqual(changes);
  });

  test('a type whose name only begins like an added one is not under it', () => {
    const changes = [change('TYPE_ADDED', 'User'), change('FIELD_REMOVED', 'UserGroup.name', 'BREAKING')];
    expect(withoutImplied(changes)).toEqual(changes);
  });
});
