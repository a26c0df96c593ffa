/**
 * `pluvo-monitor migrate`: make the changes this version's format asks of the user's files
 * (src/setup/migrations.ts), each the smallest edit a reviewer reads in `git diff`. `--check`
 * says what is due and changes nothing (exit 1 when something is).
 */
import { exitOnConfigError } from '../src/config/config-error';
import { userContractsDir } from '../src/knowledge/layout';
import { dueMigrations, migrate } from '../src/setup/migrations';
import { targetsPath } from '../src/targets/targets-file';
import { readCommandLine } from './support/command-line';

const { values } = readCommandLine({
  name: 'migrate',
  typed: 'npx pluvo-monitor migrate',
  does: `Make the changes this version's format asks of your files (contracts/manifest.json, the targets
file, pluvo-monitor.json), each the smallest edit: review it with git diff and commit it. A run says
when one is due.`,
  options: { check: { type: 'boolean', says: 'say what is due and change nothing; exit 1 when something is' } },
});

const due = exitOnConfigError(() => dueMigrations(process.cwd(), { contractsDir: userContractsDir(process.env), targetsFile: targetsPath(process.env) }));
for (const migration of due) process.stdout.write(`  ${migration.says}\n`);
if (!due.length) process.stdout.write('migrate: nothing is due; your files are as this version reads them.\n');
else if (values.check) {
  process.stdout.write(`migrate: ${due.length} change(s) due; npx pluvo-monitor migrate makes them.\n`);
  process.exitCode = 1;
} else {
  migrate(due);
  process.stdout.write(`migrate: ${due.length} file(s) changed. Review them with git diff and commit them.\n`);
}
