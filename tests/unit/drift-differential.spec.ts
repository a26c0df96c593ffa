import { test, expect } from '../contract/base-test';
import {
  buildASTSchema,
  findBreakingChanges,
  getVariableValues,
  Kind,
  parse,
  print,
  printSchema,
  Source,
  TypeInfo,
  validate,
  validateSchema,
  visit,
  visitWithTypeInfo,
  type ConstValueNode,
  type DefinitionNode,
  type DocumentNode,
  type FieldDefinitionNode,
  type GraphQLSchema,
  type InputValueDefinitionNode,
  type TypeNode,
} from 'graphql';
import { loadContracts, type ContractOperation } from '../../src/contracts/manifest';
import { assessDrift, type DriftItem } from '../../src/drift/drift';
import { SchemaUsage } from '../../src/drift/usage';
import { loadSnapshot } from '../../src/schema/snapshot';
import { SANDBOX_ORG } from '../support/fixtures';

/**
 * Our drift judged against an oracle we did not write: graphql-js's findBreakingChanges, and
 * graphql-js's validation of our operations. From the self-test's snapshot (with one interface and
 * one directive added, so that every kind of change graphql-js knows can happen), a seeded draw
 * makes single changes of every kind, and pairs of changes at one path (a description, a
 * deprecation or an interface beside a breaking change), and requires:
 *  - every change graphql-js calls breaking is BREAKING in our drift at that coordinate, and
 *    nothing is BREAKING where graphql-js sees no breaking change (DELIBERATE lists the exceptions);
 *  - every operation of ours that graphql-js no longer validates is named by a failing item;
 *  - a default, added, changed or removed, names exactly the operations that omit that argument.
 */

const SEED = 20_261_202;
/** Where graphql-inspector and graphql-js differ on purpose, by change type, and why. */
const DELIBERATE: Record<string, string> = {};

function operation(name: string, body: string, variables: Record<string, unknown>): ContractOperation {
  return {
    name,
    documentPath: `${name}.graphql`,
    source: new Source(body),
    document: parse(body),
    scopes: [],
    variables,
    schemaFile: '',
    assertions: [],
    latency: {},
  };
}

// ---------------------------------------------------------------------------------------------
// Changes to an SDL document, as plain AST edits.

type Definition = DefinitionNode & { name?: { value: string }; fields?: readonly unknown[] };
interface Mutation {
  name: string;
  document: DocumentNode;
}

function random(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}
const draw = random(SEED);
const pick = <T>(items: readonly T[]): T => items[Math.floor(draw() * items.length)]!;

const defs = (document: DocumentNode) => document.definitions as readonly Definition[];
const named = (document: DocumentNode, kind: Kind) => defs(document).filter((definition) => definition.kind === kind && definition.name);
const replaceDef = (document: DocumentNode, name: string, edit: (definition: Definition) => Definition | undefined): DocumentNode => ({
  ...document,
  definitions: defs(document).flatMap((definition) => {
    if (definition.name?.value !== name || !('kind' in definition) || definition.kind === Kind.SCHEMA_DEFINITION) return [definition];
    const edited = edit(definition);
    return edited ? [edited] : [];
  }) as DefinitionNode[],
});
const withFields = <T extends Definition>(definition: T, fields: readonly unknown[]): T => ({ ...definition, fields }) as T;
const nameNode = (value: string) => ({ kind: Kind.NAME, value }) as const;
const namedType = (value: string): TypeNode => ({ kind: Kind.NAMED_TYPE, name: nameNode(value) });
const nonNull = (type: TypeNode): TypeNode => (type.kind === Kind.NON_NULL_TYPE ? type : ({ kind: Kind.NON_NULL_TYPE, type } as TypeNode));
const nullable = (type: TypeNode): TypeNode => (type.kind === Kind.NON_NULL_TYPE ? type.type : type);
const description = (text: string) => ({ kind: Kind.STRING, value: text, block: false }) as const;
const inputValue = (name: string, type: TypeNode, defaultValue?: ConstValueNode): InputValueDefinitionNode => ({
  kind: Kind.INPUT_VALUE_DEFINITION,
  name: nameNode(name),
  type,
  ...(defaultValue ? { defaultValue } : {}),
});
const deprecated = { kind: Kind.DIRECTIVE, name: nameNode('deprecated'), arguments: [] } as const;

function addInterface(document: DocumentNode, types: string[], interfaceName: string): DocumentNode {
  return types.reduce(
    (doc, type) =>
      replaceDef(
        doc,
        type,
        (definition) => ({ ...definition, interfaces: [...((definition as { interfaces?: [] }).interfaces ?? []), namedType(interfaceName)] }) as Definition,
      ),
    document,
  );
}

/** Object types (not the roots), the ones our operations select first among them half the time. */
function objectType(document: DocumentNode): Definition {
  const objects = named(document, Kind.OBJECT_TYPE_DEFINITION).filter((d) => !['Query', 'Mutation'].includes(d.name!.value) && (d.fields?.length ?? 0) > 1);
  const ours = objects.filter((d) => usage.types.has(d.name!.value));
  return pick(draw() < 0.5 && ours.length ? ours : objects);
}
function fieldOf(definition: Definition): FieldDefinitionNode {
  const fields = definition.fields as FieldDefinitionNode[];
  const ours = fields.filter((f) => usage.fields.has(`${definition.name!.value}.${f.name.value}`));
  return pick(draw() < 0.6 && ours.length ? ours : fields);
}
function fieldWithArgs(document: DocumentNode): { type: string; field: FieldDefinitionNode } {
  const candidates = named(document, Kind.OBJECT_TYPE_DEFINITION).flatMap((d) =>
    (d.fields as FieldDefinitionNode[]).filter((f) => f.arguments?.length).map((field) => ({ type: d.name!.value, field })),
  );
  const ours = candidates.filter((c) => usage.fields.has(`${c.type}.${c.field.name.value}`));
  return pick(draw() < 0.7 && ours.length ? ours : candidates);
}
const editField = (document: DocumentNode, type: string, field: string, edit: (f: FieldDefinitionNode) => FieldDefinitionNode | undefined) =>
  replaceDef(document, type, (d) =>
    withFields(
      d,
      (d.fields as FieldDefinitionNode[]).flatMap((f) => (f.name.value === field ? [edit(f)].filter(Boolean) : [f])),
    ),
  );
const editArg = (
  document: DocumentNode,
  type: string,
  field: string,
  arg: string,
  edit: (a: InputValueDefinitionNode) => InputValueDefinitionNode | undefined,
) =>
  editField(
    document,
    type,
    field,
    (f) => ({ ...f, arguments: (f.arguments ?? []).flatMap((a) => (a.name.value === arg ? [edit(a)].filter(Boolean) : [a])) }) as FieldDefinitionNode,
  );

/** A type of another kind, for a field's or argument's type to change to. */
const otherScalar = (type: TypeNode): TypeNode => {
  const inner = nullable(type);
  return inner.kind === Kind.NAMED_TYPE && inner.name.value === 'String' ? namedType('Int') : namedType('String');
};

const snapshot = loadSnapshot(`${SANDBOX_ORG}/schemas/pluvo.graphql`);
const BASE_SDL = `${printSchema(snapshot)}
"Marks what may be cached."
directive @cached(ttl: Int, scope: String) repeatable on FIELD_DEFINITION | OBJECT
interface Identified { id: UUID! }
`;
/** The base: the snapshot, one directive, and an interface that User and Group implement. */
const BASE = addInterface(parse(BASE_SDL), ['User', 'Group'], 'Identified');
const base = buildASTSchema(BASE);

/** Our operations, and one that sends an input object, so input-side changes have someone to touch. */
const operations: ContractOperation[] = [
  ...loadContracts(`${SANDBOX_ORG}/contracts`),
  operation('CreateUser', 'mutation CreateUser($user: CreateUserInput!) { createUser(user: $user) { user { id } } }', {
    user: { ref: 'ada', name: 'Ada', email: 'ada@example.com' },
  }),
  // Declares a sort order it never gives a value: it names GroupSortByInput, and sends none.
  operation('SortedGroups', 'query SortedGroups($sort: GroupSortByInput) { paginatedGroups(first: 5, sortBy: $sort) { count } }', {}),
];
const usage = SchemaUsage.of(base, operations);

/** One change of each kind graphql-js knows, breaking and dangerous, plus safe ones. */
const SINGLE: Array<(document: DocumentNode) => Mutation | undefined> = [
  (doc) => {
    const type = objectType(doc);
    const field = fieldOf(type);
    return { name: `remove field ${type.name!.value}.${field.name.value}`, document: editField(doc, type.name!.value, field.name.value, () => undefined) };
  },
  (doc) => {
    const type = objectType(doc);
    const field = fieldOf(type);
    return {
      name: `make ${type.name!.value}.${field.name.value} nullable`,
      document: editField(doc, type.name!.value, field.name.value, (f) => ({ ...f, type: nullable(f.type) })),
    };
  },
  (doc) => {
    const type = objectType(doc);
    const field = fieldOf(type);
    return {
      name: `make ${type.name!.value}.${field.name.value} non-null`,
      document: editField(doc, type.name!.value, field.name.value, (f) => ({ ...f, type: nonNull(f.type) })),
    };
  },
  (doc) => {
    const type = objectType(doc);
    const field = fieldOf(type);
    return {
      name: `change the type of ${type.name!.value}.${field.name.value}`,
      document: editField(doc, type.name!.value, field.name.value, (f) => ({ ...f, type: otherScalar(f.type) })),
    };
  },
  (doc) => {
    const { type, field } = fieldWithArgs(doc);
    const arg = pick(field.arguments!);
    return {
      name: `remove argument ${type}.${field.name.value}.${arg.name.value}`,
      document: editArg(doc, type, field.name.value, arg.name.value, () => undefined),
    };
  },
  (doc) => {
    const { type, field } = fieldWithArgs(doc);
    const arg = pick(field.arguments!);
    return {
      name: `make argument ${type}.${field.name.value}.${arg.name.value} required`,
      document: editArg(doc, type, field.name.value, arg.name.value, (a) => ({ ...a, type: nonNull(a.type), defaultValue: undefined })),
    };
  },
  (doc) => {
    const { type, field } = fieldWithArgs(doc);
    const arg = pick(field.arguments!);
    return {
      name: `make argument ${type}.${field.name.value}.${arg.name.value} optional`,
      document: editArg(doc, type, field.name.value, arg.name.value, (a) => ({ ...a, type: nullable(a.type) })),
    };
  },
  (doc) => {
    const { type, field } = fieldWithArgs(doc);
    const arg = pick(field.arguments!);
    return {
      name: `change the type of argument ${type}.${field.name.value}.${arg.name.value}`,
      document: editArg(doc, type, field.name.value, arg.name.value, (a) => ({ ...a, type: otherScalar(a.type), defaultValue: undefined })),
    };
  },
  (doc) => {
    const { type, field } = fieldWithArgs(doc);
    return {
      name: `add a required argument to ${type}.${field.name.value}`,
      document: editField(doc, type, field.name.value, (f) => ({ ...f, arguments: [...(f.arguments ?? []), inputValue('tenant', nonNull(namedType('ID')))] })),
    };
  },
  (doc) => {
    const { type, field } = fieldWithArgs(doc);
    return {
      name: `add an optional argument to ${type}.${field.name.value}`,
      document: editField(doc, type, field.name.value, (f) => ({ ...f, arguments: [...(f.arguments ?? []), inputValue('sortBy', namedType('String'))] })),
    };
  },
  ...(['add', 'change', 'remove'] as const).map((how) => (doc: DocumentNode) => {
    const { type, field } = fieldWithArgs(doc);
    const scalarArgs = field.arguments!.filter((a) => ['Int', 'String', 'Boolean'].includes(print(nullable(a.type))));
    if (!scalarArgs.length) return undefined;
    const arg = pick(scalarArgs);
    const kind = print(nullable(arg.type));
    const value = (
      kind === 'Int'
        ? { kind: Kind.INT, value: how === 'change' ? '7' : '3' }
        : kind === 'Boolean'
          ? { kind: Kind.BOOLEAN, value: how === 'change' }
          : { kind: Kind.STRING, value: how }
    ) as ConstValueNode;
    return {
      name: `${how} the default of ${type}.${field.name.value}.${arg.name.value}`,
      document: editArg(doc, type, field.name.value, arg.name.value, (a) => {
        if (how === 'remove') return { ...a, defaultValue: undefined };
        return { ...a, defaultValue: value };
      }),
    };
  }),
  (doc) => {
    const type = pick(named(doc, Kind.ENUM_TYPE_DEFINITION).filter((d) => ((d as { values?: [] }).values?.length ?? 0) > 1));
    const value = pick((type as unknown as { values: Array<{ name: { value: string } }> }).values);
    return {
      name: `remove enum value ${type.name!.value}.${value.name.value}`,
      document: replaceDef(
        doc,
        type.name!.value,
        (d) => ({ ...d, values: (d as unknown as { values: (typeof value)[] }).values.filter((v) => v !== value) }) as unknown as Definition,
      ),
    };
  },
  (doc) => {
    const type = pick(named(doc, Kind.ENUM_TYPE_DEFINITION));
    return {
      name: `add an enum value to ${type.name!.value}`,
      document: replaceDef(
        doc,
        type.name!.value,
        (d) => ({ ...d, values: [...(d as unknown as { values: [] }).values, { kind: Kind.ENUM_VALUE_DEFINITION, name: nameNode('NEWVALUE') }] }) as Definition,
      ),
    };
  },
  (doc) => ({
    name: 'remove a union member',
    document: replaceDef(doc, 'ExtraCategoryValue', (d) => ({ ...d, types: (d as unknown as { types: TypeNode[] }).types.slice(1) }) as Definition),
  }),
  (doc) => ({
    name: 'add a union member',
    document: replaceDef(
      doc,
      'ExtraCategoryValue',
      (d) => ({ ...d, types: [...(d as unknown as { types: TypeNode[] }).types, namedType('User')] }) as Definition,
    ),
  }),
  (doc) => {
    const input = pick(named(doc, Kind.INPUT_OBJECT_TYPE_DEFINITION).filter((d) => d.name!.value === 'CreateUserInput' || draw() < 0.3));
    const required = draw() < 0.5;
    return {
      name: `add ${required ? 'a required' : 'an optional'} field to input ${input.name!.value}`,
      document: replaceDef(doc, input.name!.value, (d) =>
        withFields(d, [...(d.fields ?? []), inputValue('tenant', required ? nonNull(namedType('ID')) : namedType('ID'))]),
      ),
    };
  },
  (doc) => {
    const input = pick(named(doc, Kind.INPUT_OBJECT_TYPE_DEFINITION).filter((d) => d.name!.value === 'CreateUserInput' || draw() < 0.3));
    const field = pick(input.fields as InputValueDefinitionNode[]);
    const how = pick(['remove', 'require', 'retype'] as const);
    return {
      name: `${how} input field ${input.name!.value}.${field.name.value}`,
      document: replaceDef(doc, input.name!.value, (d) =>
        withFields(
          d,
          (d.fields as InputValueDefinitionNode[]).flatMap((f) => {
            if (f !== field) return [f];
            if (how === 'remove') return [];
            return [{ ...f, type: how === 'require' ? nonNull(f.type) : otherScalar(f.type), defaultValue: undefined }];
          }),
        ),
      ),
    };
  },
  (doc) => ({ name: 'User no longer implements Identified', document: replaceDef(doc, 'User', (d) => ({ ...d, interfaces: [] }) as Definition) }),
  (doc) => ({ name: 'Training implements Identified', document: addInterface(doc, ['Training'], 'Identified') }),
  (doc) => {
    const type = objectType(doc);
    return {
      name: `${type.name!.value} becomes an interface`,
      document: replaceDef(doc, type.name!.value, (d) => ({ ...d, kind: Kind.INTERFACE_TYPE_DEFINITION }) as Definition),
    };
  },
  (doc) => {
    const gone = ['Certificate', 'CertificateEdge', 'CertificateConnection'];
    const without = gone.reduce((d, type) => replaceDef(d, type, () => undefined), doc);
    return { name: 'remove the type Certificate, and what refers to it', document: removeReferences(without, gone) };
  },
  (doc) => ({
    name: 'remove the directive @cached',
    document: { ...doc, definitions: defs(doc).filter((d) => !(d.kind === Kind.DIRECTIVE_DEFINITION && d.name?.value === 'cached')) },
  }),
  (doc) => ({ name: 'remove an argument of @cached', document: editDirective(doc, (d) => ({ ...d, arguments: d.arguments?.slice(1) })) }),
  (doc) => ({
    name: 'add a required argument to @cached',
    document: editDirective(doc, (d) => ({ ...d, arguments: [...(d.arguments ?? []), inputValue('key', nonNull(namedType('String')))] })),
  }),
  (doc) => ({ name: '@cached is no longer repeatable', document: editDirective(doc, (d) => ({ ...d, repeatable: false })) }),
  (doc) => ({ name: '@cached loses a location', document: editDirective(doc, (d) => ({ ...d, locations: d.locations.slice(1) })) }),
  // Safe ones: nothing may be breaking.
  (doc) => {
    const type = objectType(doc);
    const field = fieldOf(type);
    return {
      name: `describe ${type.name!.value}.${field.name.value}`,
      document: editField(doc, type.name!.value, field.name.value, (f) => ({ ...f, description: description('Now described.') })),
    };
  },
  (doc) => {
    const type = objectType(doc);
    const field = fieldOf(type);
    return {
      name: `deprecate ${type.name!.value}.${field.name.value}`,
      document: editField(doc, type.name!.value, field.name.value, (f) => ({ ...f, directives: [deprecated] })),
    };
  },
  (doc) => {
    const type = objectType(doc);
    return {
      name: `add a field to ${type.name!.value}`,
      document: replaceDef(doc, type.name!.value, (d) =>
        withFields(d, [...(d.fields ?? []), { kind: Kind.FIELD_DEFINITION, name: nameNode('pronouns'), type: namedType('String') }]),
      ),
    };
  },
];

function editDirective(document: DocumentNode, edit: (d: Extract<DefinitionNode, { kind: Kind.DIRECTIVE_DEFINITION }>) => DefinitionNode): DocumentNode {
  return {
    ...document,
    definitions: document.definitions.map((d) => (d.kind === Kind.DIRECTIVE_DEFINITION && d.name.value === 'cached' ? edit(d) : d)),
  };
}

/** Fields whose type names one of these types, removed. */
function removeReferences(document: DocumentNode, types: string[]): DocumentNode {
  const refersTo = (type: TypeNode): boolean => (type.kind === Kind.NAMED_TYPE ? types.includes(type.name.value) : refersTo(type.type));
  return {
    ...document,
    definitions: defs(document).map((d) =>
      d.kind === Kind.OBJECT_TYPE_DEFINITION || d.kind === Kind.INTERFACE_TYPE_DEFINITION
        ? withFields(
            d,
            (d.fields as FieldDefinitionNode[]).filter((f) => !refersTo(f.type)),
          )
        : d,
    ) as DefinitionNode[],
  };
}

/**
 * Not drawn but enumerated: every argument our operations name, made required, optional and of
 * another type, and every field of the input types they declare, removed, required and retyped, so
 * that what we send is judged for each of them, whatever the seed.
 */
function whatWeSend(document: DocumentNode): Mutation[] {
  const found: Mutation[] = [];
  for (const coordinate of usage.args.keys()) {
    const [type = '', field = '', arg = ''] = coordinate.split('.');
    found.push(
      { name: `require ${coordinate}`, document: editArg(document, type, field, arg, (a) => ({ ...a, type: nonNull(a.type), defaultValue: undefined })) },
      { name: `relax ${coordinate}`, document: editArg(document, type, field, arg, (a) => ({ ...a, type: nullable(a.type) })) },
      { name: `retype ${coordinate}`, document: editArg(document, type, field, arg, (a) => ({ ...a, type: otherScalar(a.type), defaultValue: undefined })) },
    );
  }
  for (const input of ['CreateUserInput', 'GroupSortByInput']) {
    const definition = named(document, Kind.INPUT_OBJECT_TYPE_DEFINITION).find((d) => d.name!.value === input)!;
    for (const field of definition.fields as InputValueDefinitionNode[]) {
      const edit = (how: (f: InputValueDefinitionNode) => InputValueDefinitionNode[]) =>
        replaceDef(document, input, (d) =>
          withFields(
            d,
            (d.fields as InputValueDefinitionNode[]).flatMap((f) => (f === field ? how(f) : [f])),
          ),
        );
      found.push(
        { name: `remove ${input}.${field.name.value}`, document: edit(() => []) },
        { name: `require ${input}.${field.name.value}`, document: edit((f) => [{ ...f, type: nonNull(f.type) }]) },
        { name: `retype ${input}.${field.name.value}`, document: edit((f) => [{ ...f, type: otherScalar(f.type) }]) },
      );
    }
    found.push({
      name: `a required field added to ${input}`,
      document: replaceDef(document, input, (d) => withFields(d, [...(d.fields ?? []), inputValue('tenant', nonNull(namedType('ID')))])),
    });
  }
  return found;
}

/** A change that says nothing new beside one that breaks: at the same path, in the same release. */
const BESIDE: Array<[string, (document: DocumentNode, type: string, field: string) => DocumentNode]> = [
  ['a description on the field', (doc, type, field) => editField(doc, type, field, (f) => ({ ...f, description: description('Now described.') }))],
  ['a deprecation of the field', (doc, type, field) => editField(doc, type, field, (f) => ({ ...f, directives: [deprecated] }))],
  ['a description on its type', (doc, type) => replaceDef(doc, type, (d) => ({ ...d, description: description('Described.') }) as Definition)],
  ['an interface on its type', (doc, type) => addInterface(doc, [type], 'Identified')],
];

/** Pairs at one path: a breaking change to a field, beside each harmless one. */
function pairs(document: DocumentNode): Mutation[] {
  const found: Mutation[] = [];
  for (const [beside, add] of BESIDE) {
    for (let i = 0; i < 3; i++) {
      const type = objectType(document);
      const field = fieldOf(type);
      const typeName = type.name!.value;
      const fieldName = field.name.value;
      if (beside === 'an interface on its type' && !(type.fields as FieldDefinitionNode[]).some((f) => f.name.value === 'id' && print(f.type) === 'UUID!'))
        continue;
      const breaking =
        draw() < 0.5 || beside !== 'an interface on its type'
          ? editField(document, typeName, fieldName, (f) => ({ ...f, type: nullable(f.type).kind === f.type.kind ? otherScalar(f.type) : nullable(f.type) }))
          : editField(document, typeName, fieldName, () => undefined);
      found.push({ name: `${beside} beside a breaking change to ${typeName}.${fieldName}`, document: add(breaking, typeName, fieldName) });
    }
  }
  // The issue's own three: a described email that turned nullable, an interface beside a removal, a described input field made required.
  found.push({
    name: 'User.email: described, and nullable',
    document: editField(document, 'User', 'email', (f) => ({ ...f, description: description('Now described.'), type: nullable(f.type) })),
  });
  found.push({
    name: 'Certificate implements Identified, and loses name',
    document: addInterface(
      editField(document, 'Certificate', 'name', () => undefined),
      ['Certificate'],
      'Identified',
    ),
  });
  found.push({
    name: 'CreateUserInput.language: described, and required',
    document: replaceDef(document, 'CreateUserInput', (d) =>
      withFields(
        d,
        (d.fields as InputValueDefinitionNode[]).map((f) => (f.name.value === 'language' ? { ...f, description: description('d'), type: nonNull(f.type) } : f)),
      ),
    ),
  });
  found.push({
    name: 'two union members added at once',
    document: replaceDef(
      document,
      'ExtraCategoryValue',
      (d) => ({ ...d, types: [...(d as unknown as { types: TypeNode[] }).types, namedType('User'), namedType('Group')] }) as Definition,
    ),
  });
  return found;
}

// ---------------------------------------------------------------------------------------------
// The oracle's side: where graphql-js says a change breaks, as graphql-inspector's paths.

const BREAKING_AT: Array<[RegExp, (m: RegExpExecArray) => string]> = [
  [/^A required arg (\w+) on directive (\w+) was added\.$/, (m) => `@${m[2]}.${m[1]}`],
  [/^A required arg (\w+) on (\w+)\.(\w+) was added\.$/, (m) => `${m[2]}.${m[3]}.${m[1]}`],
  [/^A required field (\w+) on input type (\w+) was added\.$/, (m) => `${m[2]}.${m[1]}`],
  [/^(\w+)\.(\w+) arg (\w+) (?:was removed|has changed type from .*)\.$/, (m) => `${m[1]}.${m[2]}.${m[3]}`],
  [/^(\w+)\.(\w+) (?:was removed|changed type from .*)\.$/, (m) => `${m[1]}.${m[2]}`],
  [/^(\w+) was removed from enum type (\w+)\.$/, (m) => `${m[2]}.${m[1]}`],
  [/^(\w+) was removed from union type (\w+)\.$/, (m) => m[2]!],
  [/^(\w+) no longer implements interface (\w+)\.$/, (m) => m[1]!],
  [/^Repeatable flag was removed from (\w+)\.$/, (m) => `@${m[1]}`],
  [/^[A-Z_]+ was removed from (\w+)\.$/, (m) => `@${m[1]}`],
  [/^(\w+) was removed from (\w+)\.$/, (m) => `@${m[2]}.${m[1]}`],
  [/^(\w+) changed from an? .* type to an? .* type\.$/, (m) => m[1]!],
  [/^Standard scalar (\w+) was removed because it is not referenced anymore\.$/, (m) => m[1]!],
  [/^(\w+) was removed\.$/, (m) => m[1]!],
];

function oracleBreaking(before: GraphQLSchema, after: GraphQLSchema, directives: Set<string>): string[] {
  return findBreakingChanges(before, after).map((change) => {
    for (const [pattern, coordinate] of BREAKING_AT) {
      const match = pattern.exec(change.description);
      if (match) {
        const found = coordinate(match);
        // "cached was removed." is a directive; "Certificate was removed." a type.
        return change.type === 'DIRECTIVE_REMOVED' || (directives.has(found) && !found.startsWith('@')) ? `@${found.replace(/^@/, '')}` : found;
      }
    }
    throw new Error(`no coordinate for graphql-js's "${change.description}" (${change.type})`);
  });
}

/** Whether graphql-js validates an operation against a schema: asked twice of each judged schema, so kept by schema. */
const validations = new WeakMap<GraphQLSchema, Map<ContractOperation, boolean>>();
function validates(schema: GraphQLSchema, op: ContractOperation): boolean {
  let known = validations.get(schema);
  if (!known) validations.set(schema, (known = new Map()));
  let valid = known.get(op);
  if (valid === undefined) known.set(op, (valid = validate(schema, op.document).length === 0));
  return valid;
}

/** The operations graphql-js no longer validates against the changed schema. */
const invalidOperations = (after: GraphQLSchema) => operations.filter((op) => !validates(after, op)).map((op) => op.name);

/**
 * Those, and the ones whose literal variable values graphql-js no longer coerces: what the live
 * schema refuses of what we send. A value taken from another response at run time ({"$from": …})
 * is not known here, so its variable is left out.
 */
const refusedOperations = (after: GraphQLSchema) =>
  operations
    .filter((op) => {
      if (!validates(after, op)) return true;
      const definition = op.document.definitions.find((d) => d.kind === Kind.OPERATION_DEFINITION);
      if (definition?.kind !== Kind.OPERATION_DEFINITION) return false;
      const fromResponse = (name: string) => typeof op.variables[name] === 'object' && op.variables[name] !== null && '$from' in (op.variables[name] as object);
      const literal = (definition.variableDefinitions ?? []).filter((v) => !fromResponse(v.variable.name.value));
      return 'errors' in getVariableValues(after, literal, op.variables);
    })
    .map((op) => op.name)
    .sort();

/** Independently of src/drift/usage.ts: the operations that call Type.field and leave arg out, or give it a variable with no value. */
function omittingOperations(schema: GraphQLSchema, coordinate: string): string[] {
  const [typeName, fieldName, argName] = coordinate.split('.');
  return operations
    .filter((op) => {
      let omits = false;
      const typeInfo = new TypeInfo(schema);
      visit(
        op.document,
        visitWithTypeInfo(typeInfo, {
          Field(node) {
            if (typeInfo.getParentType()?.name !== typeName || node.name.value !== fieldName) return;
            const given = node.arguments?.find((a) => a.name.value === argName);
            const hasValue =
              !!given &&
              (given.value.kind !== Kind.VARIABLE ||
                op.variables[given.value.name.value] != null ||
                op.document.definitions.some(
                  (d) =>
                    d.kind === Kind.OPERATION_DEFINITION &&
                    d.variableDefinitions?.some((v) => v.variable.name.value === (given.value as { name: { value: string } }).name.value && v.defaultValue),
                ));
            if (!hasValue) omits = true;
          },
        }),
      );
      return omits;
    })
    .map((op) => op.name)
    .sort();
}

const directiveNames = new Set(base.getDirectives().map((d) => d.name));

interface Judged {
  mutation: string;
  problems: string[];
}

async function judge(mutation: Mutation): Promise<Judged | undefined> {
  const after = buildASTSchema(mutation.document, { assumeValidSDL: true });
  if (validateSchema(after).length) return undefined;
  const items = await assessDrift(base, after, usage, { strict: false });
  const problems: string[] = [];
  // graphql-inspector files a directive's argument changes under the directive: compared there.
  const atDirective = (coordinate: string) => (coordinate.startsWith('@') ? coordinate.split('.')[0]! : coordinate);
  const breakingOurs = new Set(items.filter((i) => i.criticality === 'BREAKING').map((i) => atDirective(i.path)));
  const breakingTheirs = new Set(oracleBreaking(base, after, directiveNames).map(atDirective));
  for (const coordinate of breakingTheirs)
    if (!breakingOurs.has(coordinate)) problems.push(`graphql-js: breaking at ${coordinate}; ours: ${describe(items, coordinate)}`);
  for (const item of items.filter((i) => i.criticality === 'BREAKING'))
    if (!breakingTheirs.has(atDirective(item.path)) && !DELIBERATE[item.type])
      problems.push(`ours: BREAKING ${item.type} at ${item.path}; graphql-js: not breaking`);
  const named = new Set(items.filter((i) => i.verdict === 'fail').flatMap((i) => i.usedBy));
  for (const op of invalidOperations(after)) if (!named.has(op)) problems.push(`graphql-js no longer validates ${op}, but no failing item names it`);
  // What we send is judged by whether the live schema still takes it: exactly the refused operations, no more.
  const refused = refusedOperations(after);
  for (const item of items.filter((i) => i.criticality === 'BREAKING' && (i.type === 'FIELD_ARGUMENT_TYPE_CHANGED' || i.type.startsWith('INPUT_FIELD_')))) {
    const expected =
      item.type === 'FIELD_ARGUMENT_TYPE_CHANGED'
        ? refused.filter((op) => usage.touchedBy(item.path, base).includes(op) || omittingOperations(base, item.path).includes(op))
        : refused;
    if (JSON.stringify(item.usedBy) !== JSON.stringify(expected))
      problems.push(
        `${item.type} at ${item.path}: names ${item.usedBy.join(', ') || 'nobody'}; graphql-js refuses ${expected.join(', ') || 'none'} of what we send`,
      );
  }
  for (const item of items.filter((i) => i.type === 'FIELD_ARGUMENT_DEFAULT_CHANGED')) {
    const omitting = omittingOperations(base, item.path);
    if (JSON.stringify(item.usedBy) !== JSON.stringify(omitting))
      problems.push(`default of ${item.path}: names ${item.usedBy.join(', ') || 'nobody'}; the calls that omit it are ${omitting.join(', ') || 'none'}`);
  }
  return { mutation: mutation.name, problems };
}

const describe = (items: DriftItem[], coordinate: string) =>
  items
    .filter((i) => i.path === coordinate)
    .map((i) => `${i.criticality} ${i.type}`)
    .join(', ') || 'nothing';

/**
 * The whole draw, made once as the module loads and before any test runs, so that it is the same
 * in every worker (the seeded draw is shared state). Judged in parts, so that the parts run side
 * by side, each a slice of it by index.
 */
const MUTATIONS: Mutation[] = (() => {
  const mutations: Mutation[] = [];
  for (let round = 0; round < 6; round++) for (const make of SINGLE) mutations.push(...[make(BASE)].filter((m): m is Mutation => !!m));
  const drawn = [...mutations, ...whatWeSend(BASE), ...pairs(BASE)];
  // The seeded draw repeats itself (59 of its 269 changes were drawn before). A mutation's name
  // says its whole edit (the field, the argument, the value drawn), so one name is one schema:
  // each is judged once.
  return [...new Map(drawn.map((mutation) => [mutation.name, mutation])).values()];
})();
const PARTS = [0, 1, 2];

test.describe('drift against graphql-js: no combination of changes hides a breaking one', () => {
  for (const part of PARTS)
    test(`single changes of every kind, and pairs at one path (part ${part + 1} of ${PARTS.length}): the same breaking coordinates, and our operations named`, async () => {
      const judged = (await Promise.all(MUTATIONS.filter((_, i) => i % PARTS.length === part).map(judge))).filter((j): j is Judged => !!j);
      expect(judged.filter((j) => j.problems.length).map((j) => `${j.mutation}: ${j.problems.join('; ')}`)).toEqual([]);
    });

  test('the draw: most mutations make valid schemas, and every kind of breaking change graphql-js knows occurs', () => {
    const kinds = new Set<string>();
    let valid = 0;
    for (const m of MUTATIONS) {
      const after = buildASTSchema(m.document, { assumeValidSDL: true });
      if (validateSchema(after).length) continue;
      valid += 1;
      for (const change of findBreakingChanges(base, after)) kinds.add(change.type);
    }
    // Most of the draw must make valid schemas, or the judging would prove little.
    expect(valid, `${valid} of ${MUTATIONS.length} mutations gave a valid schema`).toBeGreaterThan(MUTATIONS.length * 0.8);
    expect([...kinds].sort()).toEqual(
      [
        'ARG_CHANGED_KIND',
        'ARG_REMOVED',
        'DIRECTIVE_ARG_REMOVED',
        'DIRECTIVE_LOCATION_REMOVED',
        'DIRECTIVE_REMOVED',
        'DIRECTIVE_REPEATABLE_REMOVED',
        'FIELD_CHANGED_KIND',
        'FIELD_REMOVED',
        'IMPLEMENTED_INTERFACE_REMOVED',
        'REQUIRED_ARG_ADDED',
        'REQUIRED_DIRECTIVE_ARG_ADDED',
        'REQUIRED_INPUT_FIELD_ADDED',
        'TYPE_CHANGED_KIND',
        'TYPE_REMOVED',
        'TYPE_REMOVED_FROM_UNION',
        'VALUE_REMOVED_FROM_ENUM',
      ].sort(),
    );
  });

  test("the issue's examples: each breaking change pages and names our operations; union members are listed one by one", async () => {
    const examples = Object.fromEntries(
      pairs(BASE)
        .slice(-4)
        .map((m) => [m.name, m.document]),
    );
    const run = async (name: string) => assessDrift(base, buildASTSchema(examples[name]!, { assumeValidSDL: true }), usage, { strict: false });
    const email = (await run('User.email: described, and nullable')).filter((i) => i.criticality === 'BREAKING');
    expect(email.map((i) => [i.verdict, i.type, i.path, i.usedBy])).toEqual([
      ['fail', 'FIELD_TYPE_CHANGED', 'User.email', ['GroupsWithMembers', 'OffersWithEvents', 'PortfolioReport', 'TrainingsPage', 'UserByRef', 'UsersPage']],
    ]);
    const certificate = await run('Certificate implements Identified, and loses name');
    expect(certificate.filter((i) => i.verdict === 'fail').map((i) => [i.type, i.path, i.usedBy])).toEqual([
      ['FIELD_REMOVED', 'Certificate.name', ['Certificates']],
    ]);
    const input = await run('CreateUserInput.language: described, and required');
    expect(input.filter((i) => i.criticality === 'BREAKING').map((i) => [i.verdict, i.type, i.path, i.usedBy])).toEqual([
      ['fail', 'INPUT_FIELD_TYPE_CHANGED', 'CreateUserInput.language', ['CreateUser']],
    ]);
    const union = await run('two union members added at once');
    expect(union.filter((i) => i.type === 'UNION_MEMBER_ADDED').map((i) => i.message)).toEqual([
      "Member 'Group' was added to Union type 'ExtraCategoryValue'",
      "Member 'User' was added to Union type 'ExtraCategoryValue'",
    ]);
  });

  test('a default counts for the calls that omit the argument; one we always send changes nothing for us', async () => {
    // UsersPage sends first and after, and gives $archived no value; nothing of ours calls q.
    const withDefault = (arg: string, value: ConstValueNode) =>
      buildASTSchema(
        editArg(BASE, 'Query', 'paginatedUsers', arg, (a) => ({ ...a, defaultValue: value })),
        { assumeValidSDL: true },
      );
    const items = async (arg: string, value: ConstValueNode) =>
      (await assessDrift(base, withDefault(arg, value), usage, { strict: false })).map((i) => [i.path, i.usedBy]);
    expect(await items('q', { kind: Kind.STRING, value: 'x' })).toEqual([['Query.paginatedUsers.q', ['UsersPage']]]);
    expect(await items('archived', { kind: Kind.BOOLEAN, value: true })).toEqual([['Query.paginatedUsers.archived', ['UsersPage']]]);
    expect(await items('first', { kind: Kind.INT, value: '10' })).toEqual([['Query.paginatedUsers.first', []]]);
  });

  test('an argument we omit that becomes required fails the operations that omit it', async () => {
    const after = buildASTSchema(
      editArg(BASE, 'Query', 'paginatedUsers', 'q', (a) => ({ ...a, type: nonNull(a.type) })),
      { assumeValidSDL: true },
    );
    const items = (await assessDrift(base, after, usage, { strict: false })).filter((i) => i.path === 'Query.paginatedUsers.q');
    expect(items.map((i) => [i.verdict, i.usedBy])).toEqual([['fail', ['UsersPage']]]);
  });
});
