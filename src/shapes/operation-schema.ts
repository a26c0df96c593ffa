import {
  getNamedType,
  getOperationAST,
  isAbstractType,
  isCompositeType,
  isEnumType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
  Kind,
  type DirectiveNode,
  type DocumentNode,
  type FieldNode,
  type FragmentDefinitionNode,
  type GraphQLCompositeType,
  type GraphQLObjectType,
  type GraphQLOutputType,
  type GraphQLSchema,
  type SelectionSetNode,
} from 'graphql';

export type JsonSchema = { [key: string]: unknown };

/** GraphQL's Int is a signed 32-bit integer (spec, section 3.5.1). */
export const INT_RANGE = { minimum: -2_147_483_648, maximum: 2_147_483_647 } as const;
/**
 * GraphQL's Float is finite (spec, section 3.5.2). JSON cannot say Infinity, but a number too large
 * for a double parses as Infinity, and these bounds reject it.
 */
export const FLOAT_RANGE = { minimum: -Number.MAX_VALUE, maximum: Number.MAX_VALUE } as const;

/**
 * How each scalar looks in a JSON response. JSONString is a string that must itself parse as JSON
 * (the `json-string` format our validator adds); unknown custom scalars are left unchecked.
 */
const SCALARS: Record<string, JsonSchema> = {
  ID: { type: 'string' },
  String: { type: 'string' },
  Int: { type: 'integer', ...INT_RANGE },
  Float: { type: 'number', ...FLOAT_RANGE },
  Boolean: { type: 'boolean' },
  UUID: { type: 'string', format: 'uuid' },
  DateTime: { type: 'string', format: 'date-time' },
  Date: { type: 'string', format: 'date' },
  JSONString: { type: 'string', format: 'json-string' },
  Decimal: { type: 'string', pattern: '^-?\\d+(\\.\\d+)?$' },
  Color: { type: 'string', pattern: '^#(?:[0-9a-fA-F]{3}){1,2}$' },
};

/**
 * Formats a plain String field carries by its name: Pluvo types email as String, yet the docs
 * promise an address that is unique per organisation, so a malformed one is a broken contract.
 */
const FIELD_FORMATS: Record<string, JsonSchema> = {
  email: { format: 'email' },
};

interface CollectedField {
  nodes: FieldNode[];
  /** Under @skip or @include: the key may be absent. */
  conditional: boolean;
}

/**
 * The JSON Schema of an operation's `data`, derived from its selection set:
 * - every selected key is required (GraphQL always returns it), unless under @skip/@include;
 * - null is allowed exactly where the field's type is nullable;
 * - aliases name the properties; fragments and inline fragments merge; a union or interface
 *   becomes one branch per possible type;
 * - additionalProperties is false everywhere, so an unselected property is a violation.
 */
export function operationResponseSchema(schema: GraphQLSchema, document: DocumentNode, operationName?: string): JsonSchema {
  const operation = getOperationAST(document, operationName);
  if (!operation) throw new Error(operationName ? `no operation named ${operationName}` : 'the document must hold exactly one operation');
  const root = schema.getRootType(operation.operation);
  if (!root) throw new Error(`the schema has no ${operation.operation} type`);
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);

  const appliesTo = (typeCondition: string | undefined, objectType: GraphQLObjectType): boolean => {
    if (!typeCondition || typeCondition === objectType.name) return true;
    const condition = schema.getType(typeCondition);
    return !!condition && isAbstractType(condition) && schema.isSubType(condition, objectType);
  };

  const collect = (objectType: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): Map<string, CollectedField> => {
    const fields = new Map<string, CollectedField>();
    const visit = (selectionSet: SelectionSetNode, conditional: boolean, seen: Set<string>) => {
      for (const selection of selectionSet.selections) {
        const isConditional = conditional || hasConditionalDirective(selection.directives);
        if (selection.kind === Kind.FIELD) {
          const key = selection.alias?.value ?? selection.name.value;
          const entry = fields.get(key);
          if (entry) {
            entry.nodes.push(selection);
            entry.conditional &&= isConditional;
          } else fields.set(key, { nodes: [selection], conditional: isConditional });
        } else if (selection.kind === Kind.INLINE_FRAGMENT) {
          if (appliesTo(selection.typeCondition?.name.value, objectType)) visit(selection.selectionSet, isConditional, seen);
        } else {
          const fragment = fragments.get(selection.name.value);
          if (!fragment || seen.has(fragment.name.value)) continue;
          if (appliesTo(fragment.typeCondition.name.value, objectType)) visit(fragment.selectionSet, isConditional, new Set([...seen, fragment.name.value]));
        }
      }
    };
    for (const selectionSet of selectionSets) visit(selectionSet, false, new Set());
    return fields;
  };

  const objectSchema = (objectType: GraphQLObjectType, selectionSets: readonly SelectionSetNode[]): JsonSchema => {
    const properties: Record<string, JsonSchema> = {};
    const required: string[] = [];
    for (const [key, { nodes, conditional }] of collect(objectType, selectionSets)) {
      const name = nodes[0]!.name.value;
      if (name === '__typename') {
        properties[key] = { const: objectType.name, type: 'string' };
      } else {
        const field = objectType.getFields()[name];
        if (!field) throw new Error(`${objectType.name} has no field ${name}`);
        const subSelections = nodes.flatMap((node) => (node.selectionSet ? [node.selectionSet] : []));
        const hint = isScalarType(getNamedType(field.type)) && getNamedType(field.type).name === 'String' ? FIELD_FORMATS[name] : undefined;
        properties[key] = hint ? { ...typeSchema(field.type, subSelections), ...hint } : typeSchema(field.type, subSelections);
      }
      if (!conditional) required.push(key);
    }
    return { additionalProperties: false, properties, required: required.sort(), type: 'object' };
  };

  const compositeSchema = (type: GraphQLCompositeType, selectionSets: readonly SelectionSetNode[]): JsonSchema => {
    if (isObjectType(type)) return objectSchema(type, selectionSets);
    const branches = new Map<string, JsonSchema>();
    for (const possible of schema.getPossibleTypes(type)) {
      const branch = objectSchema(possible, selectionSets);
      branches.set(JSON.stringify(sortKeys(branch)), branch);
    }
    const unique = [...branches.values()];
    return unique.length === 1 ? unique[0]! : { anyOf: unique };
  };

  const typeSchema = (type: GraphQLOutputType, selectionSets: readonly SelectionSetNode[]): JsonSchema => {
    if (isNonNullType(type)) return innerSchema(type.ofType, selectionSets);
    return nullable(innerSchema(type, selectionSets));
  };

  const innerSchema = (type: GraphQLOutputType, selectionSets: readonly SelectionSetNode[]): JsonSchema => {
    if (isNonNullType(type)) return innerSchema(type.ofType, selectionSets);
    if (isListType(type)) return { items: typeSchema(type.ofType, selectionSets), type: 'array' };
    if (isEnumType(type)) return { enum: type.getValues().map((value) => value.name), type: 'string' };
    if (isScalarType(type)) return { ...(SCALARS[type.name] ?? { description: `custom scalar ${type.name}: not checked` }) };
    if (isCompositeType(type)) return compositeSchema(type, selectionSets);
    throw new Error(`unexpected output type ${String(getNamedType(type))}`);
  };

  return sortKeys({
    $schema: 'http://json-schema.org/draft-07/schema#',
    ...objectSchema(root, [operation.selectionSet]),
  }) as JsonSchema;
}

function nullable(schema: JsonSchema): JsonSchema {
  if (Array.isArray(schema.enum)) return { ...schema, enum: [...schema.enum, null], type: [schema.type, 'null'] };
  if (typeof schema.type === 'string') return { ...schema, type: [schema.type, 'null'] };
  if (Array.isArray(schema.anyOf)) return { anyOf: [...schema.anyOf, { type: 'null' }] };
  return schema; // an unchecked custom scalar already allows null
}

function hasConditionalDirective(directives: readonly DirectiveNode[] | undefined): boolean {
  return !!directives?.some((directive) => directive.name.value === 'skip' || directive.name.value === 'include');
}

/** Recursively sorted object keys, so a regenerated file diffs only where the shape changed. */
export function sortKeys(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(sortKeys);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.keys(value)
      .sort()
      .map((key) => [key, sortKeys((value as Record<string, unknown>)[key])]),
  );
}
