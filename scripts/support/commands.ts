/**
 * The package's commands, one table: what `pluvo-monitor <command>` runs (the script its npm script
 * runs in this repository), and what it does.
 */
export interface PackageCommand {
  /** As typed after `pluvo-monitor`: "schema pull". */
  name: string;
  /** The engine's script it runs, from the engine's root without extension. */
  script: string;
  /** Words put before the user's own (`list` is a run that lists). */
  leading?: string[];
  says: string;
  /** A step of the generated workflows, listed apart from what people type. */
  ci?: true;
}

export const PACKAGE_COMMANDS: readonly PackageCommand[] = [
  {
    name: 'init',
    script: 'scripts/init',

    says: 'set this repository up: config, an example contract, npm scripts, CI workflows',
  },
  { name: 'run', script: 'scripts/start', says: 'one run of every check (the embedded sandbox when no target is set)' },
  { name: 'list', script: 'scripts/start', leading: ['--list'], says: 'list the checks of a run; run nothing' },
  { name: 'onboard', script: 'scripts/onboard', says: 'pull, pin and generate what a new organisation needs' },
  { name: 'monitor', script: 'scripts/monitor', says: 'a run now and one every interval, until stopped' },
  { name: 'alert', script: 'scripts/alert', says: "merge a sharded run's reports and send its one alert" },
  { name: 'sandbox', script: 'sandbox/cli', says: 'the local Pluvo in the foreground, with switchable faults' },
  { name: 'schema pull', script: 'scripts/schema-pull', says: 'store the live schema as the snapshot drift is judged against' },
  {
    name: 'schemas generate',
    script: 'scripts/schemas-generate',

    says: 'generate the response schemas from the operations and the snapshot',
  },
  { name: 'baseline', script: 'scripts/baseline', says: "pin the behaviour Pluvo's docs leave open" },
  { name: 'migrate', script: 'scripts/migrate', says: "rewrite your files in this version's format, as a diff to review" },
  { name: 'ci matrix', script: 'scripts/ci-matrix', says: 'the organisations as a job matrix', ci: true },
  { name: 'ci job-summary', script: 'scripts/job-summary', says: "the latest run's verdicts as Markdown", ci: true },
  { name: 'ci pages-site', script: 'scripts/pages-site', says: 'the folder published to GitHub Pages', ci: true },
  { name: 'ci schema-pr', script: 'scripts/schema-pr', says: 'the pull request for a pulled schema change', ci: true },
];

/** The command a command line names, and the words left for it; or nothing when it names none. */
export function commandOf(argv: readonly string[]): { command: PackageCommand; rest: string[] } | undefined {
  for (const command of [...PACKAGE_COMMANDS].sort((a, b) => b.name.length - a.name.length)) {
    const words = command.name.split(' ');
    if (words.every((word, index) => argv[index] === word)) return { command, rest: argv.slice(words.length) };
  }
  return undefined;
}
