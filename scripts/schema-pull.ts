/**
 * `npm run schema:pull`: introspect each configured target and write its snapshot as sorted SDL
 * (schemas/pluvo.graphql, or schemas/targets/<name>/pluvo.graphql for a targets file). With no
 * live target it pulls from a sandbox started for the purpose.
 */
import { exitOnConfigError } from '../src/config/config-error';
import { IntrospectionError } from '../src/schema/introspect';
import { runTargets } from '../src/targets/targets-file';
import { pullSnapshot } from './support/target-files';
import { withTarget } from './support/with-target';

for (const chosen of exitOnConfigError(() => runTargets(process.env, undefined, { writing: true }))) {
  await withTarget(chosen, async (target) => {
    try {
      const { changed, droppedOptions, target: from, path } = await pullSnapshot(target);
      const note = droppedOptions.length ? ` (the server refused: ${droppedOptions.join(', ')})` : '';
      process.stdout.write(
        `schema:pull: ${changed ? 'wrote' : 'unchanged:'} ${path} from ${from}${note}.${changed ? ' Review the diff, run `npm run schemas:generate`, and commit both.' : ''}\n`,
      );
    } catch (error) {
      if (!(error instanceof IntrospectionError)) throw error;
      process.stderr.write(`schema:pull: ${target.identity.label}: ${error.message}\n`);
      process.exitCode = 1;
    }
  });
}
