/** Lines, each indented: a block of YAML placed under a key of a generated file. */
export function indented(lines: string | readonly string[], indent: string): string {
  return (typeof lines === 'string' ? lines.split('\n') : lines).map((line) => `${indent}${line}`).join('\n');
}
