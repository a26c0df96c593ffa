/**
 * `npm run schema:pull`: introspect each configured target and write its snapshot as sorted SDL
 * (schemas/pluvo.graphql, or schemas/targets/<name>/pluvo.graphql for a targets file). With no
 * live target it pulls from a sandbox started for the purpose.
 */
import { exitOnConfigError } from '../src/config/config-error';
import { IntrospectionError } from '../src/schema/introspect';
import { runTargets } from '../src/targets/targets-file';
import { readCommandLine, refuse } from './support/command-line';
import { namedTargets, narrowedTo, TARGET_OPTION } from './support/target-choice';
import { pullSnapshot } from './support/target-files';
import { withTarget } from './support/with-target';

const COMMAND = {
  name: 'schema:pull',
  typed: 'npm run schema:pull',
  does: `Introspect each configured target, or those named with --target, and write its schema snapshot as
sorted SDL (schemas/pluvo.graphql, or schemas/targets/<name>/pluvo.graphql for a targets file). With
no live target it pulls from a sandbox started for the purpose. Review the diff, run
npm run schemas:generate, and commit both.`,
  options: { target: TARGET_OPTION },
};
const { values } = readCommandLine(COMMAND);
const names = namedTargets(values);
const env = narrowedTo(values, (problem) => refuse(COMMAND, problem));
// The next step for the same targets, as it is typed.
const generate = `npm run schemas:generate${names.length ? ` -- ${names.map((name) => `--target ${name}`).join(' ')}` : ''}`;

for (const chosen of exitOnConfigError(() => runTargets(env, undefined, { writing: true }))) {
  await withTarget(chosen, async (target) => {
    try {
      const { changed, droppedOptions, target: from, path } = await pullSnapshot(target);
      const note = droppedOptions.length ? ` (the server refused: ${droppedOptions.join(', ')})` : '';
      process.stdout.write(
        `schema:pull: ${changed ? 'wrote' : 'unchanged:'} ${path} from ${from}${note}.${changed ? ` Review the diff, run \`${generate}\`, and commit both.` : ''}\n`,
      );
    } catch (error) {
      if (!(error instanceof IntrospectionError)) throw error;
      process.stderr.write(`schema:pull: ${target.identity.label}: ${error.message}\n`);
      process.exitCode = 1;
    }
  });
}
