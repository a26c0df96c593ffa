import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { buildASTSchema, Kind, parse, visit, type DocumentNode, type FieldDefinitionNode, type GraphQLSchema, type InputValueDefinitionNode } from 'graphql';
import type { FaultName } from '../faults';

const SDL_PATH = fileURLToPath(new URL('../schema/pluvo.graphql', import.meta.url));
let sdl: DocumentNode | undefined;

/** The SDL each set of schema faults gives, edited once a process: sandboxes with the same faults share it. */
const edited = new Map<string, DocumentNode>();
/** Each built schema's SDL document: what decides which queries are valid, whatever resolvers are attached. */
const sources = new WeakMap<GraphQLSchema, DocumentNode>();

/** The sandbox schema, with the schema-level faults applied to its SDL before it is built. */
export function buildSandboxSchema(faults: ReadonlySet<FaultName>): GraphQLSchema {
  // Parsed once a process: a document is never changed in place (the fault edits copy it).
  sdl ??= parse(readFileSync(SDL_PATH, 'utf8'));
  const schemaFaults = [...faults].filter((fault) => SCHEMA_FAULTS[fault]);
  const key = schemaFaults.join(',');
  let document = edited.get(key);
  if (!document) {
    document = sdl;
    for (const fault of schemaFaults) document = SCHEMA_FAULTS[fault]!(document);
    edited.set(key, document);
  }
  // Built afresh each time: a sandbox attaches resolvers over its own data to its schema.
  const schema = buildASTSchema(document);
  sources.set(schema, document);
  return schema;
}

/**
 * What a query's validity depends on: the SDL the schema was built from. Sandboxes of one process
 * with the same faults (the bench's fifty, the self-test's many) validate each query once.
 */
export function validityKey(schema: GraphQLSchema): object {
  return sources.get(schema) ?? schema;
}

type Edit = (document: DocumentNode) => DocumentNode;

const field = (source: string): FieldDefinitionNode => {
  const doc = parse(`type T { ${source} }`);
  const def = doc.definitions[0];
  if (def?.kind !== Kind.OBJECT_TYPE_DEFINITION || !def.fields?.[0]) throw new Error(`bad field ${source}`);
  return def.fields[0];
};

const argument = (source: string): InputValueDefinitionNode => {
  const def = field(`f(${source}): Int`);
  if (!def.arguments?.[0]) throw new Error(`bad argument ${source}`);
  return def.arguments[0];
};

/** Replace the fields of one object type. */
function editFields(typeName: string, edit: (fields: readonly FieldDefinitionNode[]) => FieldDefinitionNode[]): Edit {
  return (document) =>
    visit(document, {
      ObjectTypeDefinition(node) {
        return node.name.value === typeName ? { ...node, fields: edit(node.fields ?? []) } : undefined;
      },
    });
}

function replaceField(typeName: string, fieldName: string, source: string): Edit {
  return editFields(typeName, (fields) => fields.map((f) => (f.name.value === fieldName ? field(source) : f)));
}

function editArguments(typeName: string, fieldName: string, edit: (args: readonly InputValueDefinitionNode[]) => InputValueDefinitionNode[]): Edit {
  return editFields(typeName, (fields) => fields.map((f) => (f.name.value === fieldName ? { ...f, arguments: edit(f.arguments ?? []) } : f)));
}

const SCHEMA_FAULTS: Partial<Record<FaultName, Edit>> = {
  'field-removed': editFields('User', (fields) => fields.filter((f) => f.name.value !== 'email')),
  'count-as-string': replaceField('UserConnection', 'count', 'count: String'),
  'certificate-title-removed': editFields('Certificate', (fields) => fields.filter((f) => f.name.value !== 'title')),
  'null-in-non-null': replaceField('User', 'name', 'name: String'),
  // The same release documents the field and loosens it: a description must never hide the change.
  'described-and-nullable': replaceField('User', 'email', '"The address the user signs in with." email: String'),
  'argument-removed': editArguments('Query', 'paginatedUsers', (args) => args.filter((a) => a.name.value !== 'archived')),
  'enum-value-removed': (document) =>
    visit(document, {
      EnumTypeDefinition(node) {
        return node.name.value === 'Language' ? { ...node, values: node.values?.filter((v) => v.name.value !== 'DE') } : undefined;
      },
    }),
  'deprecated-field-in-use': editFields('User', (fields) => [
    ...fields.map((f) => (f.name.value === 'email' ? field('email: String! @deprecated(reason: "Use primaryEmail.")') : f)),
    field('primaryEmail: String!'),
  ]),
  'deprecation-without-alternative': replaceField(
    'Query',
    'trainings',
    'trainings(query: String): [TrainingListItem!] @deprecated(reason: "No longer supported.")',
  ),
  'field-added': editFields('User', (fields) => [...fields, field('pronouns: String')]),
  'description-changed': (document) =>
    visit(document, {
      ScalarTypeDefinition(node) {
        return node.name.value === 'UUID' ? { ...node, description: { kind: Kind.STRING, value: 'A universally unique identifier (RFC 9562).' } } : undefined;
      },
    }),
  'optional-argument-added': editArguments('Query', 'paginatedUsers', (args) => [...args, argument('sortBy: String')]),
};
