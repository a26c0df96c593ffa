/**
 * `pluvo-monitor init`: set up the repository it runs in (src/setup/initialise.ts). It never
 * prompts, so `--ci` (for scripts that say so) changes nothing; run again, it rewrites only the
 * files it generated.
 */
import { exitOnConfigError } from '../src/config/config-error';
import { packageVersion } from '../src/files/engine-file';
import { dependsOnPackage, initialise } from '../src/setup/initialise';
import { readCommandLine } from './support/command-line';

readCommandLine({
  name: 'init',
  typed: 'npx pluvo-monitor init',
  does: `Set up this repository for pluvo-contract-monitor. Written once, then yours: pluvo-monitor.json (the
settings), contracts/ and schemas/ (an example the embedded sandbox answers), .env.example,
targets.json.example, the npm scripts, and .gitignore lines for .env and reports/. Generated from
pluvo-monitor.json each time, never to be edited: the CI workflows under .github/. A file of yours is
never overwritten. It never prompts.`,
  options: { ci: { type: 'boolean', says: 'for CI scripts: never prompt (init never does; accepted so that scripts can say so)' } },
  examples: [
    ['npx pluvo-monitor init', 'set up, or regenerate the workflows after changing pluvo-monitor.json or upgrading'],
    ['npx pluvo-monitor run', 'then: one run against the embedded sandbox'],
  ],
});

const root = process.cwd();
const steps = exitOnConfigError(() => initialise(root, packageVersion()));
const width = Math.max(...steps.map((step) => step.path.length)) + 2;
for (const step of steps) process.stdout.write(`  ${step.did.padEnd(8)} ${step.path.padEnd(width)}${step.why ?? ''}\n`);
const changed = steps.filter((step) => step.did !== 'kept').length;
process.stdout.write(`init: ${changed ? `${changed} file(s) written or updated` : 'nothing to change'}.\n\nNext:\n`);
const next = [
  ...(dependsOnPackage(root) ? [] : ['npm i -D pluvo-contract-monitor      # the package, pinned in your lock file']),
  'npx pluvo-monitor run                 # one run against the embedded sandbox: reports/html/index.html',
  'cp .env.example .env                  # then set PLUVO_ORG, PLUVO_CLIENT_ID and PLUVO_CLIENT_SECRET',
  'npm run onboard                       # your organisation: its schema, pins and response schemas',
  'git add -A && git commit              # the workflows under .github/ run from then on',
];
process.stdout.write(`${next.map((line) => `  ${line}`).join('\n')}\n`);
