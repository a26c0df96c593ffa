/**
 * For the hourly workflow's plan job: `matrix=<json>` for $GITHUB_OUTPUT, one job an organisation
 * of the targets file, each named with the secrets that hold its credentials. A broken targets
 * file is one line and exit 2, before any job starts.
 */
import { exitOnConfigError } from '../src/config/config-error';
import { targetMatrix } from '../src/report/ci-pages';
import { loadTargets, targetsPath } from '../src/targets/targets-file';
import { readCommandLine } from './support/command-line';

readCommandLine({
  name: 'ci-matrix',
  typed: 'npx tsx scripts/ci-matrix.ts',
  does: `For the workflows' plan job: matrix=<json> for $GITHUB_OUTPUT, one job an organisation of the
targets file, each named with the secrets that hold its credentials.`,
});

const path = targetsPath(process.env);
if (!path) {
  process.stderr.write('ci-matrix: no targets file: set PLUVO_TARGETS or commit targets.json (see targets.json.example).\n');
  process.exit(2);
}
process.stdout.write(`matrix=${JSON.stringify(targetMatrix(exitOnConfigError(() => loadTargets(path))))}\n`);
