/**
 * `npm run schema:pull`: introspect the target and write schemas/pluvo.graphql as sorted SDL.
 * With no live target it pulls from a sandbox started for the purpose.
 */
import { writeFileSync } from 'node:fs';
import { FetchTransport } from '../src/http/fetch-transport';
import { createPluvoClients } from '../src/pluvo/pluvo-clients';
import { introspect, IntrospectionError } from '../src/schema/introspect';
import { printSnapshot, SNAPSHOT_PATH } from '../src/schema/snapshot';
import { withTarget } from './support/with-target';

await withTarget(async (config) => {
  try {
    const { graphql } = createPluvoClients(config, new FetchTransport());
    const { schema, droppedOptions } = await introspect(graphql);
    const target = config.target.kind === 'sandbox' ? 'the sandbox' : config.target.root ?? '';
    writeFileSync(SNAPSHOT_PATH, printSnapshot(schema, { target, date: new Date().toISOString().slice(0, 10) }));
    const note = droppedOptions.length ? ` (the server refused: ${droppedOptions.join(', ')})` : '';
    process.stdout.write(`schema:pull: wrote ${SNAPSHOT_PATH} from ${target}${note}. Review the diff and commit it.\n`);
  } catch (error) {
    if (!(error instanceof IntrospectionError)) throw error;
    process.stderr.write(`schema:pull: ${error.message}\n`);
    process.exitCode = 1;
  }
});
