import { Kind, type DocumentNode, type FragmentDefinitionNode, type OperationDefinitionNode, type SelectionSetNode } from 'graphql';

/** The names of an operation's root fields, through its fragments and inline fragments. */
export function rootFieldNames(document: DocumentNode, operation: OperationDefinitionNode): ReadonlySet<string> {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const definition of document.definitions) if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
  const fields = new Set<string>();
  const collect = (selectionSet: SelectionSetNode, seen: Set<string>) => {
    for (const selection of selectionSet.selections) {
      if (selection.kind === Kind.FIELD) fields.add(selection.name.value);
      else if (selection.kind === Kind.INLINE_FRAGMENT) collect(selection.selectionSet, seen);
      else if (!seen.has(selection.name.value)) {
        seen.add(selection.name.value);
        const fragment = fragments.get(selection.name.value);
        if (fragment) collect(fragment.selectionSet, seen);
      }
    }
  };
  collect(operation.selectionSet, new Set());
  return fields;
}

/** Whether an operation asks only about the schema (`__schema`, `__type`, `__typename`), never about data. */
export function asksOnlyAboutTheSchema(rootFields: ReadonlySet<string>): boolean {
  return rootFields.size > 0 && [...rootFields].every((field) => field.startsWith('__'));
}
