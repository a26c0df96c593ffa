import {
  getNamedType,
  getVariableValues,
  isEnumType,
  isInputObjectType,
  Kind,
  TypeInfo,
  typeFromAST,
  validate,
  visit,
  visitWithTypeInfo,
  type GraphQLNamedType,
  type GraphQLSchema,
  type OperationDefinitionNode,
} from 'graphql';
import { isDerived, type ContractOperation } from '../contracts/manifest';

/** Usages made so far, by schema, then by the operations (each parsed once a run, shared by its targets, never changed). */
const usages = new WeakMap<GraphQLSchema, Map<string, SchemaUsage>>();
const operationIds = new WeakMap<object, number>();
let lastOperationId = 0;
const identity = (operation: object): number => operationIds.get(operation) ?? (operationIds.set(operation, ++lastOperationId), lastOperationId);

/** What usage reads of an operation: ours (the manifest's), or one the application keeps in its own files (src/contracts/app-operations.ts). */
export type UsedOperation = Pick<ContractOperation, 'name' | 'document' | 'variables'>;

/**
 * What our operations touch in a schema, as schema coordinates mapped to the operations that
 * touch them: types (`User`), fields (`User.email`) and arguments (`Query.paginatedUsers.archived`).
 * Enum and input types count as used with every value and field, since a value we read or a field
 * we may send can be any of them.
 *
 * Beside what is selected, it keeps what each call of a field sends, by the spec's rules for
 * arguments (CoerceArgumentValues): an argument is sent when the document gives it a literal, or a
 * variable that has a value (ours, from the manifest, or the variable's default). An argument the
 * document leaves out, or gives a variable with no value, is omitted, and its default applies.
 */
export class SchemaUsage {
  readonly types = new Map<string, Set<string>>();
  readonly fields = new Map<string, Set<string>>();
  readonly args = new Map<string, Set<string>>();
  /** `Type.field.arg` → the operations that call `Type.field` and omit `arg` in at least one call. */
  private readonly omitted = new Map<string, Set<string>>();
  /** `Type.field` → the arguments each operation's calls of it name (sent or not). */
  private readonly calls = new Map<string, Map<string, Set<string>[]>>();
  /** Input types whose values an operation sends, with the operations that send them. */
  private readonly sentInputs = new Map<string, Set<string>>();

  private constructor(private readonly operations: readonly UsedOperation[]) {}

  /**
   * The usage of these operations in this schema, worked out once a process: both are immutable
   * and so is a usage once made, and the organisations of one Pluvo release share one built
   * snapshot and one built live schema, so fifty organisations' drift and radar read one usage.
   */
  static of(schema: GraphQLSchema, operations: readonly UsedOperation[]): SchemaUsage {
    let bySchema = usages.get(schema);
    if (!bySchema) usages.set(schema, (bySchema = new Map()));
    const key = operations.map(identity).join(',');
    let usage = bySchema.get(key);
    if (!usage) {
      usage = new SchemaUsage(operations);
      for (const operation of operations) usage.add(schema, operation);
      bySchema.set(key, usage);
    }
    return usage;
  }

  private add(schema: GraphQLSchema, operation: UsedOperation): void {
    const name = operation.name;
    const mark = (map: Map<string, Set<string>>, key: string) => map.set(key, (map.get(key) ?? new Set()).add(name));
    const markType = (type: GraphQLNamedType | null | undefined, seen = new Set<string>()) => {
      if (!type || seen.has(type.name)) return;
      seen.add(type.name);
      mark(this.types, type.name);
      if (isInputObjectType(type)) for (const field of Object.values(type.getFields())) markType(getNamedType(field.type), seen);
    };
    const withValue = variablesWithValues(operation);
    const typeInfo = new TypeInfo(schema);
    visit(
      operation.document,
      visitWithTypeInfo(typeInfo, {
        Field: (node) => {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          if (!parent || !field) return;
          const coordinate = `${parent.name}.${field.name}`;
          mark(this.types, parent.name);
          mark(this.fields, coordinate);
          markType(getNamedType(field.type));
          // What this call sends: a literal, or a variable that has a value.
          const sent = new Set(
            (node.arguments ?? [])
              .filter((argument) => argument.value.kind !== Kind.VARIABLE || withValue(argument.value.name.value))
              .map((argument) => argument.name.value),
          );
          const byOperation = this.calls.get(coordinate) ?? this.calls.set(coordinate, new Map()).get(coordinate)!;
          byOperation.set(name, [...(byOperation.get(name) ?? []), sent]);
          for (const argument of field.args) if (!sent.has(argument.name)) mark(this.omitted, `${coordinate}.${argument.name}`);
        },
        Argument: (node) => {
          const parent = typeInfo.getParentType();
          const field = typeInfo.getFieldDef();
          const argument = typeInfo.getArgument();
          if (!parent || !field || !argument) return;
          mark(this.args, `${parent.name}.${field.name}.${argument.name}`);
          const type = getNamedType(argument.type);
          markType(type);
          if (isInputObjectType(type) && (node.value.kind !== Kind.VARIABLE || withValue(node.value.name.value))) markInputs(type, this.sentInputs, name);
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
   * The operations a change at this coordinate touches by what they select or name: the type, the
   * field, the argument written in the document. `argumentAdded` marks a new argument, which
   * concerns every call of the field, since none of them can pass it yet.
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
    return sorted(found);
  }

  /** The operations that call `Type.field` and omit `arg` in a call: the calls its default applies to. */
  omitting(argumentCoordinate: string): string[] {
    return sorted(this.omitted.get(argumentCoordinate));
  }

  /** The operations that send a value of this input type (or of one it nests). */
  sendingInput(typeName: string): string[] {
    return sorted(this.sentInputs.get(typeName));
  }

  /**
   * Our operations that the live schema no longer accepts as we send them: the document does not
   * validate, or the variable values we send (the manifest's literals) no longer coerce to the
   * variables' types. Values taken from another response are not known here and are left out.
   */
  rejectedBy(live: GraphQLSchema): Set<string> {
    let rejected = this.rejected.get(live);
    if (!rejected) {
      rejected = new Set(this.operations.filter((operation) => !acceptedBy(live, operation)).map((operation) => operation.name));
      this.rejected.set(live, rejected);
    }
    return rejected;
  }

  private readonly rejected = new WeakMap<GraphQLSchema, Set<string>>();
}

function acceptedBy(live: GraphQLSchema, operation: UsedOperation): boolean {
  if (validate(live, operation.document).length) return false;
  const definition = operation.document.definitions.find(
    (node): node is OperationDefinitionNode => node.kind === Kind.OPERATION_DEFINITION && node.name?.value === operation.name,
  );
  if (!definition) return true;
  const literal = Object.fromEntries(Object.entries(operation.variables).filter(([, value]) => !isDerived(value)));
  const known = (definition.variableDefinitions ?? []).filter((node) => !isDerived(operation.variables[node.variable.name.value]));
  return !('errors' in getVariableValues(live, known, literal));
}

/** Whether a variable of the operation has a value when it is sent: ours, or its own default. */
function variablesWithValues(operation: UsedOperation): (variable: string) => boolean {
  const defaults = new Set<string>();
  for (const definition of operation.document.definitions)
    if (definition.kind === Kind.OPERATION_DEFINITION)
      for (const variable of definition.variableDefinitions ?? []) if (variable.defaultValue) defaults.add(variable.variable.name.value);
  return (variable) => defaults.has(variable) || (operation.variables[variable] !== undefined && operation.variables[variable] !== null);
}

function markInputs(type: GraphQLNamedType, into: Map<string, Set<string>>, operation: string, seen = new Set<string>()): void {
  if (!isInputObjectType(type) || seen.has(type.name)) return;
  seen.add(type.name);
  into.set(type.name, (into.get(type.name) ?? new Set()).add(operation));
  for (const field of Object.values(type.getFields())) markInputs(getNamedType(field.type), into, operation, seen);
}

const sorted = (found: Set<string> | undefined) => [...(found ?? [])].sort();
