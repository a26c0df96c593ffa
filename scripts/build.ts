/**
 * `npm run build [-- folder]`: the package's JavaScript in dist/, laid out as this repository is (dist/src,
 * dist/scripts, dist/sandbox, dist/tests/contract, dist/playwright.config.js), so that a path an
 * engine file computes from its own place (src/files/engine-file.ts) holds in both.
 *
 * Each module is compiled on its own, not bundled: the configuration, the reporters and the tests
 * that Playwright loads share module state (the run's engine) only while each module exists once.
 * esbuild compiles, and its resolver rewrites our extensionless imports ('./engine') to the file
 * Node will load ('./engine.js'); packages stay imports of the installed package.
 *
 * Beside the JavaScript: the published JSON Schemas, the sandbox's schema, and the example a new
 * repository starts from (`pluvo-monitor init`).
 */
import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build, type Plugin } from 'esbuild';

/** This repository: the folder above scripts/. */
const root = fileURLToPath(new URL('..', import.meta.url));
/** dist/ of this repository, or the folder named (the self-test packs from a folder of its own). */
const out = resolve(process.argv[2] ?? join(root, 'dist'));

/** What the package runs: the engine, its commands, the sandbox and the monitored suite. */
const SOURCES = ['src', 'scripts', 'sandbox', 'tests/contract', 'bin'];
const CONFIGS = ['playwright.config.ts', 'playwright.merge.config.ts'];
/** Commands of this repository only: the benchmark, the lint's layer check and this build. */
const NOT_SHIPPED = [/^scripts\/bench/, /^scripts\/check-deps\.ts$/, /^scripts\/build\.ts$/];
/** Files the compiled modules read, copied beside them. */
const DATA = ['json-schemas', 'sandbox/schema', 'tests/fixtures/sandbox-org', 'targets.json.example', '.env.example'];

/** The modules a user imports, whose type declarations the package carries (package.json "exports"). */
const PUBLIC_TYPES = ['src/own/test.ts'];

/**
 * Type declarations of the public modules, and of what they refer to, with the imports Node's
 * resolution finds ('./cause.js'): tsc writes them for the whole program; only those reached are kept.
 */
function declarations(entries: readonly string[]): void {
  const emitted = mkdtempSync(join(tmpdir(), 'pluvo-build-types-'));
  try {
    // Its bin, by its package.json: the package exports no path to it.
    const typescript = dirname(createRequire(import.meta.url).resolve('typescript/package.json'));
    const tsc = join(typescript, 'bin', 'tsc');
    const compiler = ['--ignoreConfig', '--declaration', '--emitDeclarationOnly', '--outDir', emitted, '--rootDir', root];
    const options = ['--skipLibCheck', '--strict', '--module', 'esnext', '--moduleResolution', 'bundler', '--target', 'es2022', '--types', 'node'];
    execFileSync(process.execPath, [tsc, ...compiler, ...options, ...entries.map((entry) => join(root, entry))], { stdio: 'inherit' });
    const pending = entries.map((entry) => entry.replace(/\.ts$/, '.d.ts'));
    const copied = new Set<string>();
    while (pending.length) {
      const path = pending.pop()!;
      if (copied.has(path)) continue;
      copied.add(path);
      const text = readFileSync(join(emitted, path), 'utf8').replace(
        /(from '|import\(")(\.[^'"]+)(['"])/g,
        (_, before: string, specifier: string, after: string) => {
          pending.push(join(dirname(path), `${specifier}.d.ts`));
          return `${before}${specifier}.js${after}`;
        },
      );
      mkdirSync(dirname(join(out, path)), { recursive: true });
      writeFileSync(join(out, path), text);
    }
  } finally {
    rmSync(emitted, { recursive: true, force: true });
  }
}

function typescriptIn(dir: string): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) return typescriptIn(path);
    return path.endsWith('.ts') && !path.endsWith('.d.ts') ? [path] : [];
  });
}

/** Every relative import becomes the compiled file's name, and stays an import (nothing is bundled). */
const keepModulesApart: Plugin = {
  name: 'keep-modules-apart',
  setup(esbuild) {
    esbuild.onResolve({ filter: /.*/ }, (args) => {
      if (args.kind === 'entry-point') return undefined;
      if (!args.path.startsWith('.')) return { path: args.path, external: true };
      const target = resolve(args.resolveDir, args.path);
      const file = [`${target}.ts`, join(target, 'index.ts'), target].find((candidate) => existsSync(candidate) && statSync(candidate).isFile());
      if (!file) return { errors: [{ text: `cannot find ${args.path} from ${relative(root, args.importer)}` }] };
      const compiled = relative(args.resolveDir, file).replace(/\.ts$/, '.js');
      return { path: compiled.startsWith('.') ? compiled : `./${compiled}`, external: true };
    });
  },
};

const entryPoints = [...SOURCES.flatMap((dir) => typescriptIn(join(root, dir))), ...CONFIGS.map((name) => join(root, name))].filter(
  (path) => !NOT_SHIPPED.some((pattern) => pattern.test(relative(root, path))),
);

rmSync(out, { recursive: true, force: true });
await build({
  entryPoints,
  outdir: out,
  outbase: root,
  bundle: true,
  plugins: [keepModulesApart],
  platform: 'node',
  format: 'esm',
  target: 'node20',
  logLevel: 'warning',
});
declarations(PUBLIC_TYPES);
// A user's spec in a CommonJS repository (npm init's default) requires our test: Node before 20.19
// cannot require an ES module, so the test is also built as one CommonJS file. What it bundles is
// the worker's side alone (the channel's client and the outcome's judgement), which holds no state.
await build({
  entryPoints: [join(root, 'src/own/test.ts')],
  outfile: join(out, 'src/own/test.cjs'),
  bundle: true,
  packages: 'external',
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  logLevel: 'warning',
});
for (const path of DATA) {
  const from = join(root, path);
  if (!existsSync(from)) continue;
  mkdirSync(dirname(join(out, path)), { recursive: true });
  cpSync(from, join(out, path), { recursive: true });
}
process.stdout.write(`build: ${entryPoints.length} modules compiled to ${out}/, with the data they read\n`);
