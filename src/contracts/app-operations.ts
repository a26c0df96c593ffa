import { isAbsolute, relative, resolve } from 'node:path';
import {
  getLocation,
  Kind,
  Source,
  visit,
  type ASTNode,
  type DefinitionNode,
  type DocumentNode,
  type FragmentDefinitionNode,
  type OperationDefinitionNode,
} from 'graphql';
import { globSync } from 'tinyglobby';
import { readUserFile } from '../config/json-file';
import { parseDocument } from './manifest';

/**
 * The operations an application keeps in its own files (pluvo-monitor.json "operations": globs,
 * e.g. "src/**\/*.graphql" or "../sync-service/src/**\/*.graphql"). They are not sent: the run
 * validates each against the live schema, and counts it in drift's "used by", by its name and the
 * file and line where it is written, so a change that breaks the application's code is named there.
 */
export interface AppOperation {
  /** "UsersForSync (src/queries/users.graphql:3)": how every report names it. */
  name: string;
  /** Where it is written, from where the command runs. */
  file: string;
  line: number;
  /** The file it is in: errors are located in it. */
  source: Source;
  /** This operation and the file's fragments. */
  document: DocumentNode;
  /** Every variable it declares, counted as sent: the application gives them values we cannot see. */
  variables: Record<string, unknown>;
}

const SENT_BY_THE_APPLICATION = '(a value the application sends)';
const SETTING = 'pluvo-monitor.json operations';

/** Every operation in the files the globs find, in file order; a file that is not GraphQL is one line naming its place. */
export function findAppOperations(globs: readonly string[], root = process.cwd()): AppOperation[] {
  const files = [...new Set(globs.flatMap((glob) => filesOf(glob, root)))].sort();
  const parsed = files.map((path) => parsedFile(path, root));
  // An operation may spread a fragment another file defines, as applications that import fragments do.
  const fragments = new Map(parsed.flatMap(({ document }) => fragmentsOf(document).map((fragment) => [fragment.name.value, fragment] as const)));
  return parsed.flatMap((file) => operationsIn(file, fragments));
}

/**
 * The files of one glob. The part before its first wildcard is a folder, which may be outside the
 * repository ("../sync-service/src"): the glob library reads only below the folder it starts from.
 */
function filesOf(glob: string, root: string): string[] {
  const segments = glob.split('/');
  const wild = segments.findIndex((segment) => /[*?[\]{}!]/.test(segment));
  if (wild < 0) return [resolve(root, glob)];
  const base = resolve(root, segments.slice(0, wild).join('/') || '.');
  return globSync(segments.slice(wild).join('/'), { cwd: base, absolute: true, ignore: ['**/node_modules/**'] });
}

interface ParsedFile {
  shown: string;
  source: Source;
  document: DocumentNode;
}

function parsedFile(path: string, root: string): ParsedFile {
  const shown = isAbsolute(relative(root, path)) ? path : relative(root, path) || path;
  const source = new Source(readUserFile(path, `Fix the glob in ${SETTING}`, shown), shown);
  return { shown, source, document: parseDocument(source, `Fix the file, or narrow the glob in ${SETTING}`) };
}

const fragmentsOf = (document: DocumentNode) =>
  document.definitions.filter((definition): definition is FragmentDefinitionNode => definition.kind === Kind.FRAGMENT_DEFINITION);

/** The fragments an operation spreads, and those they spread, by name; one no file defines is left for validation to name. */
function fragmentsUsedBy(operation: OperationDefinitionNode, fragments: ReadonlyMap<string, FragmentDefinitionNode>): FragmentDefinitionNode[] {
  const used = new Map<string, FragmentDefinitionNode>();
  const pending: ASTNode[] = [operation];
  while (pending.length) {
    visit(pending.pop()!, {
      FragmentSpread: (spread) => {
        const fragment = fragments.get(spread.name.value);
        if (fragment && !used.has(fragment.name.value)) {
          used.set(fragment.name.value, fragment);
          pending.push(fragment);
        }
      },
    });
  }
  return [...used.values()];
}

function operationsIn({ shown, source, document }: ParsedFile, fragments: ReadonlyMap<string, FragmentDefinitionNode>): AppOperation[] {
  return document.definitions
    .filter((definition): definition is OperationDefinitionNode => definition.kind === Kind.OPERATION_DEFINITION)
    .map((operation) => {
      const line = operation.loc ? getLocation(source, operation.loc.start).line : 1;
      const definitions: DefinitionNode[] = [operation, ...fragmentsUsedBy(operation, fragments)];
      return {
        name: `${operation.name?.value ?? `an unnamed ${operation.operation}`} (${shown}:${line})`,
        file: shown,
        line,
        source,
        document: { kind: Kind.DOCUMENT, definitions },
        variables: Object.fromEntries((operation.variableDefinitions ?? []).map((variable) => [variable.variable.name.value, SENT_BY_THE_APPLICATION])),
      };
    });
}
