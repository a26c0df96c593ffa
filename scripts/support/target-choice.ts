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
