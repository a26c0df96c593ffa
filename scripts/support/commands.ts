/**
 * The package's commands, one table: what `pluvo-monitor <command>` runs, the npm script that runs
 * the same in this repository (and in a repository `pluvo-monitor init` set up), and what it does.
 */
export interface PackageCommand {
  /** As typed after `pluvo-monitor`: "schema pull". */
  name: string;
  /** The engine's script it runs, from the engine's root without extension. */
  script: string;
  /** Words put before the user's own (`list` is a run that lists). */
  leading?: string[];
  /** The npm script of the same command. */
  npm: string;
  says: string;
  /** A step of the generated workflows, listed apart from what people type. */
  ci?: true;
}

export const PACKAGE_COMMANDS: readonly PackageCommand[] = [
  {
    name: 'init',
    script: 'scripts/init',
    npm: 'npx pluvo-monitor init',
    says: 'set this repository up: config, an example contract, npm scripts, CI workflows',
  },
  { name: 'run', script: 'scripts/start', npm: 'npm start', says: 'one run of every check (the embedded sandbox when no target is set)' },
  { name: 'list', script: 'scripts/start', leading: ['--list'], npm: 'npm start -- --list', says: 'list the checks of a run; run nothing' },
  { name: 'onboard', script: 'scripts/onboard', npm: 'npm run onboard', says: 'pull, pin and generate what a new organisation needs' },
  { name: 'monitor', script: 'scripts/monitor', npm: 'npm run monitor', says: 'a run now and one every interval, until stopped' },
  { name: 'alert', script: 'scripts/alert', npm: 'npm run alert', says: "merge a sharded run's reports and send its one alert" },
  { name: 'sandbox', script: 'sandbox/cli', npm: 'npm run sandbox', says: 'the local Pluvo in the foreground, with switchable faults' },
  { name: 'schema pull', script: 'scripts/schema-pull', npm: 'npm run schema:pull', says: 'store the live schema as the snapshot drift is judged against' },
  {
    name: 'schemas generate',
    script: 'scripts/schemas-generate',
    npm: 'npm run schemas:generate',
    says: 'generate the response schemas from the operations and the snapshot',
  },
  { name: 'baseline', script: 'scripts/baseline', npm: 'npm run baseline', says: "pin the behaviour Pluvo's docs leave open" },
  { name: 'ci matrix', script: 'scripts/ci-matrix', npm: 'npx tsx scripts/ci-matrix.ts', says: 'the organisations as a job matrix', ci: true },
  { name: 'ci job-summary', script: 'scripts/job-summary', npm: 'npx tsx scripts/job-summary.ts', says: "the latest run's verdicts as Markdown", ci: true },
  { name: 'ci pages-site', script: 'scripts/pages-site', npm: 'npx tsx scripts/pages-site.ts', says: 'the folder published to GitHub Pages', ci: true },
  { name: 'ci schema-pr', script: 'scripts/schema-pr', npm: 'npx tsx scripts/schema-pr.ts', says: 'the pull request for a pulled schema change', ci: true },
];

/** The command a command line names, and the words left for it; or nothing when it names none. */
export function commandOf(argv: readonly string[]): { command: PackageCommand; rest: string[] } | undefined {
  for (const command of [...PACKAGE_COMMANDS].sort((a, b) => b.name.length - a.name.length)) {
    const words = command.name.split(' ');
    if (words.every((word, index) => argv[index] === word)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}
