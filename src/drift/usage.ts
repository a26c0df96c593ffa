import {
  getNamedType,
  isEnumType,
  isInputObjectType,
  TypeInfo,
  typeFromAST,
  visit,
  visitWithTypeInfo,
  type GraphQLNamedType,
  type GraphQLSchema,
} from 'graphql';
import type { ContractOperation } from '../contracts/manifest';

/**
 * What our operations touch in a schema, as schema coordinates mapped to the operations that
 * touch them: types (`User`), fields (`User.email`) and arguments (`Query.paginatedUsers.archived`).
 * Enum and input types count as used with every value and field, since a value we read or a field
 * we may send can be any of them.
 */
export class SchemaUsage {
  readonly types = new Map<string, Set<string>>();
  readonly fields = new Map<string, Set<string>>();
  readonly args = new Map<string, Set<string>>();

  static of(schema: GraphQLSchema, operations: readonly ContractOperation[]): SchemaUsage {
    const usage = new SchemaUsage();
    for (const operation of operations) usage.add(schema, operation);
    return usage;
  }

  private add(schema: GraphQLSchema, operation: ContractOperation): void {
    const name = operation.name;
    const mark = (map: Map<string, Set<string>>, key: string) => map.set(key, (map.get(key) ?? new Set()).add(name));
    const markType = (type: GraphQLNamedType | null | undefined, seen = new Set<string>()) => {
      if (!type || seen.has(type.name)) return;
      seen.add(type.name);
      mark(this.types, type.name);
      if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) markType(getNamedType(field.type), seen);
    };
    const typeInfo = new TypeInfo(schema);
    visit(
      operation.document,
      visitWithTypeInfo(typeInfo, {
        Field: () => {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (!parent || !field) return;
          mark(this.types, parent.name);
          mark(this.fields, `${parent.name}.${field.name}`);
          markType(getNamedType(field.type));
        },
        Argument: () => {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const argument = typeInfo.getArgument();
          if (!parent || !field || !argument) return;
          mark(this.args, `${parent.name}.${field.name}.${argument.name}`);
          markType(getNamedType(argument.type));
        },
        VariableDefinition: (node) => {
          const type = typeFromAST(schema, node.type);
          if (type) markType(getNamedType(type));
        },
        InlineFragment: (node) => {
          if (node.typeCondition) markType(schema.getType(node.typeCondition.name.value));
        },
        FragmentDefinition: (node) => {
          markType(schema.getType(node.typeCondition.name.value));
        },
      }),
    );
  }

  /**
   * The operations a change at this coordinate touches. `argumentAdded` marks a new argument,
   * which concerns every call of the field, since none of them can pass it yet.
   */
  touchedBy(path: string, schema: GraphQLSchema, options: { argumentAdded?: boolean } = {}): string[] {
    const parts = path.replace(/\.@deprecated$/, '').split('.');
    const [typeName = '', fieldName, argName] = parts;
    let found: Set<string> | undefined;
    if (parts.length === 1) found = this.types.get(typeName);
    else if (parts.length === 2) {
      const type = schema.getType(typeName);
      // A changed enum value or input field touches whoever uses the enum or input type.
      found = type && (isEnumType(type) || isInputObjectType(type)) ? this.types.get(typeName) : this.fields.get(`${typeName}.${fieldName}`);
    } else found = options.argumentAdded ? this.fields.get(`${typeName}.${fieldName}`) : this.args.get(`${typeName}.${fieldName}.${argName}`);
    return [...(found ?? [])].sort();
  }
}
