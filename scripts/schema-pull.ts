/**
 * `npm run schema:pull`: introspect the target and write schemas/pluvo.graphql as sorted SDL.
 * With no live target it pulls from a sandbox started for the purpose.
 */
import { IntrospectionError } from '../src/schema/introspect';
import { SNAPSHOT_PATH } from '../src/schema/snapshot';
import { pullSnapshot } from './support/target-files';
import { withTarget } from './support/with-target';

await withTarget(async (config) => {
  try {
    const { changed, droppedOptions, target } = await pullSnapshot(config);
    const note = droppedOptions.length ? ` (the server refused: ${droppedOptions.join(', ')})` : '';
    process.stdout.write(
      `schema:pull: ${changed ? 'wrote' : 'unchanged:'} ${SNAPSHOT_PATH} from ${target}${note}.${changed ? ' Review the diff and commit it.' : ''}\n`,
    );
  } catch (error) {
    if (!(error instanceof IntrospectionError)) throw error;
    process.stderr.write(`schema:pull: ${error.message}\n`);
    process.exitCode = 1;
  }
});
