/**
 * `npm run lint` (after Biome): every import in src/ crosses only the folder edges src/DEPS.list
 * allows. One line per forbidden import, naming the file, what it imports and the rule; exit 1.
 *
 *   tsx scripts/check-deps.ts [root]     root defaults to this checkout (tests point it elsewhere)
 */
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { dirname, join, relative, resolve, sep } from 'node:path';

const root = resolve(process.argv[2] ?? '.');
const src = join(root, 'src');

/** folder → the folders it may import from (`../sandbox` for the program beside src/). */
function readRules(): Map<string, Set<string>> {
  const rules = new Map<string, Set<string>>();
  for (const raw of readFileSync(join(src, 'DEPS.list'), 'utf8').split('\n')) {
    const line = raw.replace(/#.*/, '').trim();
    if (!line) continue;
    const match = /^([\w-]+):\s*(.*)$/.exec(line);
    if (!match) throw new Error(`src/DEPS.list: cannot read "${raw}"`);
    rules.set(match[1]!, new Set(match[2]!.split(/\s+/).filter(Boolean)));
  }
  return rules;
}

function filesIn(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesIn(path) : path.endsWith('.ts') ? [path] : [];
  });
}

/** Relative import specifiers: static, dynamic and re-exports; comments do not count. */
function importsOf(text: string): string[] {
  const code = text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/^\s*\/\/.*$/gm, '');
  return [...code.matchAll(/(?:\bfrom\s*|\bimport\s*\(\s*|^\s*import\s+)(['"])(\.{1,2}\/[^'"]+)\1/gm)].map((m) => m[2]!);
}

const rules = readRules();
const problems: string[] = [];
for (const file of filesIn(src)) {
  const from = relative(src, file).split(sep)[0]!;
  const allowed = rules.get(from);
  const where = relative(root, file);
  if (!allowed) {
    if (from.endsWith('.ts')) continue; // a file at the top of src/ (none today) follows no folder rule
    problems.push(`${where}: src/${from}/ is not in src/DEPS.list; add it with the folders it may import from.`);
    continue;
  }
  for (const specifier of importsOf(readFileSync(file, 'utf8'))) {
    const target = relative(src, resolve(dirname(file), specifier));
    const to = target.startsWith('..') ? `../${target.split(sep)[1]}` : target.split(sep)[0]!;
    if (to === from) continue;
    if (!allowed.has(to))
      problems.push(
        `${where}: imports ${specifier}, but src/${from}/ may not import from ${to.startsWith('..') ? to.slice(3) + '/' : `src/${to}/`} (src/DEPS.list).`,
      );
  }
}
for (const problem of problems) process.stderr.write(`check-deps: ${problem}\n`);
if (problems.length) process.exit(1);
process.stdout.write(`check-deps: every import in src/ follows src/DEPS.list (${rules.size} folders).\n`);
