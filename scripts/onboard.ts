/**
 * `npm run onboard`: make a target known before its first monitored run. For the configured
 * target (or each target of the targets file, or the one named with --target NAME):
 *   1. introspect it and write the schema snapshot, schemas/pluvo.graphql;
 *   2. regenerate the response schemas, schemas/responses/*.schema.json;
 *   3. observe and pin what the docs leave open, schemas/baseline.json;
 *   4. record when each deprecation was first seen, schemas/deprecations.json;
 * then say which files changed, what to review, and what to commit. A CI run against a target
 * that was never onboarded says so as its own verdict instead of pinning what it sees.
 */
import { execFileSync } from 'node:child_process';
import { CONFIG_EXIT_CODE, exitOnConfigError } from '../src/config/config-error';
import { loadContracts } from '../src/contracts/manifest';
import { IntrospectionError } from '../src/schema/introspect';
import { SANDBOX_ORG } from '../src/knowledge/layout';
import { runTargets } from '../src/targets/targets-file';
import { readCommandLine } from './support/command-line';
import { narrowedTo, TARGET_OPTION } from './support/target-choice';
import { generateResponseSchemas, pinTarget, pullSnapshot } from './support/target-files';
import { withTarget } from './support/with-target';
import { counted } from '../src/text/counted';

function fail(message: string): never {
  process.stderr.write(`onboard: ${message}\n`);
  process.exit(CONFIG_EXIT_CODE);
}

const { values } = readCommandLine({
  name: 'onboard',
  typed: 'npm run onboard',
  does: `Make a target known before its first monitored run: introspect it and write its schema snapshot,
regenerate its response schemas, pin what the docs leave open (baseline.json) and record when each
deprecation was first seen (deprecations.json); then say which files changed and what to commit.
The configured target, or each target of the targets file, or those named with --target (only
their credentials are needed).`,
  options: {
    target: TARGET_OPTION,
    'self-test': { type: 'boolean', says: "the embedded sandbox into the self-test's own knowledge (for this project's maintainers)" },
  },
});
const selfTest = values['self-test'] === true;
// --self-test (for this project's maintainers): the embedded sandbox into the self-test's own
// knowledge, tests/fixtures/sandbox-org, which every test and the demo run read.
const chosen = selfTest
  ? exitOnConfigError(() => runTargets({ PLUVO_TARGETS: 'none' }).map((target) => ({ ...target, knowledge: SANDBOX_ORG })))
  : exitOnConfigError(() => runTargets(narrowedTo(values, fail), undefined, { writing: true }));

// Our operations are read first: a broken one is one line naming its file, before any request or file written.
for (const { knowledge } of chosen) exitOnConfigError(() => loadContracts(knowledge.contractsDir));

const say = (line: string) => process.stdout.write(`onboard: ${line}\n`);
let failures = 0;
for (const chosenTarget of chosen) {
  await withTarget(chosenTarget, async (target) => {
    const label = target.identity.label;
    say(`${label}: ${target.knowledge.schemasDir}/`);
    try {
      const pulled = await pullSnapshot(target);
      say(
        `  1. schema snapshot ${pulled.changed ? 'written' : 'unchanged'}${pulled.droppedOptions.length ? ` (the server refused: ${pulled.droppedOptions.join(', ')})` : ''}`,
      );
    } catch (error) {
      if (!(error instanceof IntrospectionError)) throw error;
      // Our own client refused: the variables to fix, as npm start names them.
      const answered = /answered (\d{3})(?: \(([\w-]+)\))?/.exec(error.message);
      if (error.reason === 'credentials')
        fail(
          `${target.setIn.clientSecret}: Pluvo refused our API client at ${label} (HTTP ${answered?.[1] ?? '401'}${answered?.[2] ? ` (${answered[2]})` : ''}). Check ${target.setIn.clientId} and ${target.setIn.clientSecret} (a rotated secret?), or whether the API client was revoked in Pluvo`,
        );
      fail(`${label}: the schema could not be introspected: ${error.message}`);
    }
    const generated = generateResponseSchemas(target.knowledge);
    say(`  2. response schemas: ${generated.written.length} of ${generated.operations} written`);
    const pinned = await pinTarget(target, { deprecations: true });
    failures += pinned.failures;
    say(
      pinned.baselineKept
        ? `  3-4. deprecation dates recorded; the baseline left as it was, ${counted(pinned.failures, 'behaviour')} could not be observed:`
        : `  3-4. behaviour pinned and deprecation dates recorded${pinned.failures ? `, ${counted(pinned.failures, 'finding')} to look at:` : ''}`,
    );
    for (const line of pinned.lines) say(`     ${line}`);
  });
}

const changed = gitChanges([...new Set(chosen.map((target) => `${target.knowledge.schemasDir}/`))]);
if (changed === undefined) say('done. Review the files under schemas/ and commit them.');
else if (!changed.length) say(`done. Nothing changed: ${chosen.length === 1 ? 'the target was' : 'the targets were'} onboarded already.`);
else {
  say('done. These files changed; review them (git diff) and commit them:');
  for (const path of changed) process.stdout.write(`  ${path}\n`);
  say('then run `npm start`: it checks against what you committed, and CI keeps checking against it.');
}
process.exitCode = failures ? 1 : 0;

/** Files git sees changed or new under the given paths; undefined outside a git checkout. */
function gitChanges(paths: string[]): string[] | undefined {
  try {
    const out = execFileSync('git', ['status', '--porcelain', '--untracked-files=all', '--', ...paths], {
      encoding: 'utf8',
      stdio: ['ignore', 'pipe', 'ignore'],
    });
    return out
      .split('\n')
      .filter(Boolean)
      .map((line) => line.slice(3));
  } catch {
    return undefined;
  }
}
