import { test, expect } from '../contract/base-test';
import { buildSchema, parse } from 'graphql';
import { operationResponseSchema } from '../../src/shapes/operation-schema';
import { ResponseValidator } from '../../src/shapes/response-validator';

const SCHEMA = buildSchema(`
  scalar UUID
  scalar DateTime
  scalar JSONString
  enum Kind { A B }
  type Query { me: User!, search(q: String): [Result!], tags: [String]!, grid: [[Int!]], node: Node, best: Group }
  interface Node { id: UUID! }
  type User implements Node { id: UUID!, name: String, email: String!, kind: Kind, friends: [User!]!, meta: JSONString, seen: DateTime }
  type Group implements Node { id: UUID!, title: String!, score: Float }
  union Result = User | Group
`);

const gen = (query: string) => {
  const { $schema: _s, ...rest } = operationResponseSchema(SCHEMA, parse(query));
  return rest;
};
const obj = (properties: Record<string, unknown>, required = Object.keys(properties)) => ({
  additionalProperties: false,
  properties,
  required: [...required].sort(),
  type: 'object',
});

test.describe('JSON Schema from an operation', () => {
  test('scalars, nullability and every selected key required', () => {
    expect(gen('{ me { id name email kind meta seen } }')).toEqual(
      obj({
        me: obj({
          email: { format: 'email', type: 'string' },
          id: { format: 'uuid', type: 'string' },
          kind: { enum: ['A', 'B', null], type: ['string', 'null'] },
          meta: { format: 'json-string', type: ['string', 'null'] },
          name: { type: ['string', 'null'] },
          seen: { format: 'date-time', type: ['string', 'null'] },
        }),
      }),
    );
  });

  test('aliases name the properties; the same field twice merges its selections', () => {
    expect(gen('{ me { userId: id, friends { id } friends { name } } }')).toEqual(
      obj({
        me: obj({
          friends: { items: obj({ id: { format: 'uuid', type: 'string' }, name: { type: ['string', 'null'] } }), type: 'array' },
          userId: { format: 'uuid', type: 'string' },
        }),
      }),
    );
  });

  test('nested lists and a non-null list of nullable items', () => {
    expect(gen('{ tags grid }')).toEqual(
      obj({
        grid: { items: { items: { maximum: 2147483647, minimum: -2147483648, type: 'integer' }, type: ['array', 'null'] }, type: ['array', 'null'] },
        tags: { items: { type: ['string', 'null'] }, type: 'array' },
      }),
    );
  });

  test('a union becomes one branch per member, with __typename as a constant', () => {
    const schema = gen('{ search { __typename ... on User { email } ... on Group { title } } }');
    expect(schema).toEqual(
      obj({
        search: {
          items: {
            anyOf: [
              obj({ __typename: { const: 'User', type: 'string' }, email: { format: 'email', type: 'string' } }),
              obj({ __typename: { const: 'Group', type: 'string' }, title: { type: 'string' } }),
            ],
          },
          type: ['array', 'null'],
        },
      }),
    );
  });

  test('named fragments, fragments on interfaces, and identical branches collapse', () => {
    const schema = gen('query { node { ...N } } fragment N on Node { id }');
    expect(schema).toEqual(obj({ node: { ...obj({ id: { format: 'uuid', type: 'string' } }), type: ['object', 'null'] } }));
  });

  test('@include and @skip make a key optional', () => {
    expect(gen('query($x: Boolean!) { me { id name @include(if: $x) } }')).toEqual(
      obj({ me: obj({ id: { format: 'uuid', type: 'string' }, name: { type: ['string', 'null'] } }, ['id']) }),
    );
  });

  test('output is deterministic: keys sorted at every level', () => {
    const text = JSON.stringify(operationResponseSchema(SCHEMA, parse('{ me { seen name id } }')));
    expect(text).toBe(JSON.stringify(operationResponseSchema(SCHEMA, parse('{ me { id name seen } }'))));
    expect(text.indexOf('"additionalProperties"')).toBeLessThan(text.indexOf('"properties"'));
  });
});

test.describe('response validation', () => {
  const schema = operationResponseSchema(SCHEMA, parse('{ me { id email name meta friends { id } } }'));
  const good = { me: { id: '933d8663-edf6-42c9-895a-eeec13fff0ab', email: 'a@example.com', name: null, meta: '{"a":1}', friends: [] } };
  const validator = new ResponseValidator();
  const check = (data: unknown) => validator.violations('test', schema, data);

  test('a matching response has no violations', () => {
    expect(check(good)).toEqual([]);
  });

  test('every violation is one readable line with its path, without the value', () => {
    const bad = { me: { id: 'user-1', email: 'secret-person at example.com', meta: 'not json', friends: [{ id: 7 }], extra: 1 } };
    expect(check(bad).sort()).toEqual(
      [
        '/me: missing property "name"',
        '/me: unexpected property "extra" (not selected by the operation)',
        '/me/email: must match format "email" (got a string of 28 characters)',
        '/me/friends/0/id: must be string (got an integer)',
        '/me/id: must match format "uuid" (got a string of 6 characters)',
        '/me/meta: must match format "json-string" (got a string of 8 characters)',
      ].sort(),
    );
    expect(check(bad).join('\n')).not.toContain('secret-person');
  });

  test('an Int is a signed 32-bit integer and a Float is finite, as the spec says', () => {
    const numbers = operationResponseSchema(SCHEMA, parse('{ grid best { score } }'));
    const lines = (text: string) => validator.violations('numbers', numbers, JSON.parse(text));
    expect(lines('{"grid": [[2147483647, -2147483648]], "best": {"score": 1.5e300}}')).toEqual([]);
    expect(lines('{"grid": [[2147483648]], "best": null}')).toEqual([
      '/grid/0/0: must be a GraphQL Int, a signed 32-bit integer from -2147483648 to 2147483647 (got an integer outside that range)',
    ]);
    expect(lines('{"grid": [[-2147483649]], "best": null}')).toHaveLength(1);
    // A number too large for a double parses as Infinity: no GraphQL Float is that.
    expect(lines('{"grid": null, "best": {"score": 1e400}}')).toEqual([
      '/best/score: must be a finite number, as a GraphQL Float is (got a number too large for a double)',
    ]);
  });
});
