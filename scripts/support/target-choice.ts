import { exitOnConfigError } from '../../src/config/config-error';
import { ONLY_TARGETS_VARIABLE, targetNames } from '../../src/targets/targets-file';
import type { CommandValues, OptionSpec } from './command-line';

/**
 * What is wrong with `--target NAME` when the targets file names no such organisation, said the same
 * way by every command that takes it; undefined when it names one.
 */
export function unknownTarget(name: string, named: readonly string[]): string | undefined {
  if (named.includes(name)) return undefined;
  return named.length
    ? `--target ${name}: the targets file names no such organisation; it names ${named.join(', ')}.`
    : `--target ${name}: there is no targets file (targets.json, or PLUVO_TARGETS), so there is one target, and it has no name.`;
}

/** `--target NAME`, as every command that works target by target takes it: repeatable. */
export const TARGET_OPTION: OptionSpec = { type: 'string', value: 'NAME', multiple: true, says: 'only this organisation of the targets file (repeatable)' };

/** The organisations named with --target, in the order given; none when it was not given. */
export const namedTargets = (values: CommandValues): string[] => (values.target as string[] | undefined) ?? [];

/**
 * The settings a command that works target by target reads its targets from: all of them, or
 * only those named with --target, so that it needs only their credentials, as `npm start --
 * --target` does (a job that holds one organisation's secrets onboards that organisation). A name
 * the targets file does not have is one line, exit 2, before any request.
 */
export function narrowedTo(values: CommandValues, fail: (problem: string) => never, env: NodeJS.ProcessEnv = process.env): NodeJS.ProcessEnv {
  const names = namedTargets(values);
  refuseUnknownTargets(names, fail, env);
  return names.length ? { ...env, [ONLY_TARGETS_VARIABLE]: names.join(',') } : env;
}

/** Each name given with --target, against the targets file's (no credentials needed to know them): a name it lacks is one line, exit 2. */
export function refuseUnknownTargets(names: readonly string[], fail: (problem: string) => never, env: NodeJS.ProcessEnv = process.env): void {
  if (!names.length) return;
  const named = exitOnConfigError(() => targetNames(env));
  for (const name of names) {
    const problem = unknownTarget(name, named);
    if (problem) fail(problem);
  }
}
