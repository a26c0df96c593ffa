import { embeddedSandboxOptions, startEmbeddedSandbox } from '../embedded/embedded-sandbox';
import { loadContracts } from '../contracts/manifest';
import { checkOwnFiles } from '../knowledge/own-files';
import { preflightEach, preflightRun, type TokenAnswered } from '../run/run-preflight';
import type { Preflight } from '../run/preflight';
import { runConfiguration } from '../targets/run-configuration';
import { runAppOperations } from '../targets/run-app-operations';
import { targetsFileSetAside, type RunTarget } from '../targets/targets-file';
import { Engine } from './engine';
import { organisationsChecked } from '../report/console-reporter';
import { counted } from '../text/counted';

/** What starting a run needs from where it runs: Playwright's runner (tests/contract/global-setup.ts), or the self-test in-process. */
export interface RunStartOptions {
  /** A line for the console: what the run looks at, what the preflight found. */
  say: (line: string) => void;
  /** Where the run's reports (and so the alert state the preflight reads) are. */
  reportsDir: string;
  /** Someone watches the console: a target never seen to work may be waited for, not refused at once. */
  interactive: boolean;
  /** The engine, as soon as it exists: a stop during the preflight stops it. */
  made?: (engine: Engine) => void;
}

/** A run that started, or our own mistake that stops it before any check (one line, exit 2). */
export type RunStart = { started: StartedRun } | { refused: string };

export interface StartedRun {
  engine: Engine;
  /** Ends what the start started (the embedded sandbox), saying what it served. */
  close: () => Promise<void>;
}

/**
 * The start of a run, before any check: our own files are checked (a broken one is an Error, which
 * makes the run a monitor error), the embedded sandbox is started when no live target is set, the
 * run's engine (src/engine/engine.ts) is made and the preflight looks at every target. Its checks
 * begin once the run's selection is known (Engine.begin).
 */
export async function startRun(options: RunStartOptions): Promise<RunStart> {
  const { targets } = runConfiguration();
  // Our operations are the run's, one folder for every target (PLUVO_CONTRACTS_DIR): parsed once, for the check of our files and the engine.
  let operations;
  let appOperations;
  try {
    operations = loadContracts(targets[0]!.knowledge.contractsDir);
    appOperations = runAppOperations(process.env);
    for (const target of targets) checkOwnFiles(target.knowledge, operations);
  } catch (error) {
    throw bare((error as Error).message);
  }
  const [first] = targets;
  const embedded = targets.length === 1 && first!.config.target.kind === 'sandbox' && !first!.config.target.root;
  let sandbox: Awaited<ReturnType<typeof startEmbeddedSandbox>> | undefined;
  if (embedded) {
    try {
      sandbox = await startEmbeddedSandbox(embeddedSandboxOptions(process.env));
    } catch (error) {
      // The monitor's own failure: thrown, so the run ends as a monitor error that the reporters see.
      throw bare(`the embedded sandbox could not start: ${(error as Error).message}`);
    }
  }
  const close = async () => {
    // What the run cost, as the server counted it: a run's cost must not grow with the organisation.
    if (!sandbox) return;
    options.say(`embedded sandbox: served ${counted(sandbox.requests, 'request')}`);
    await sandbox.close();
  };
  const runTargets: RunTarget[] = sandbox ? [{ ...first!, config: { ...first!.config, target: { kind: 'sandbox', root: sandbox.url } } }] : targets;
  const engine = new Engine(runTargets, { operations, appOperations });
  options.made?.(engine);
  const refused = await lookFirst(engine, runTargets, options);
  if (refused) {
    // Nothing was checked: the refusal is the one line the run says.
    await sandbox?.close();
    return { refused };
  }
  const { config } = first!;
  const paging =
    config.walk === 'full'
      ? 'full walks of every connection, about count / 50 requests each, with progress every 10 s'
      : `sampled paging, ${config.pagingPages} requests a connection, PLUVO_PAGING_SEED=${config.pagingSeed}`;
  options.say(`pluvo-contract-monitor: checking ${organisationsChecked(targets.map(({ identity }) => identity.label))} (${paging})`);
  const setAside = targetsFileSetAside(process.env);
  if (setAside) options.say(`pluvo-contract-monitor: ${setAside}`);
  return { started: { engine, close } };
}

/**
 * The preflight (src/run/preflight.ts): a target that does not answer, or refuses our client, is
 * said once and its checks are not run; our own mistake on a target never seen to work is the
 * refusal returned, one line.
 */
async function lookFirst(engine: Engine, targets: RunTarget[], options: RunStartOptions): Promise<string | undefined> {
  // The preflight asks for the checks' own token: its answer serves them, not a second request.
  const adopt: TokenAnswered = (target, answer) => engine.adoptTokenAnswer(target, answer);
  // Several organisations: each one's checks begin when its own look is in; one that never answers delays only its own.
  if (targets.length > 1) {
    const looks = preflightEach(targets, adopt);
    for (const target of targets) void looks[target.identity.key]!.then((look) => sayLook(target, look, options.say));
    engine.lookLater(looks);
    return undefined;
  }
  const { looks, stopWith } = await preflightRun(targets, { reportsDir: options.reportsDir, interactive: options.interactive, tokenAnswered: adopt });
  if (stopWith) return stopWith.message;
  for (const target of targets) sayLook(target, looks[target.identity.key], options.say);
  engine.setLooks(looks);
  return undefined;
}

/** What the preflight saw of a target, when it is worth a line. */
function sayLook(target: RunTarget, look: Preflight | undefined, say: (line: string) => void): void {
  if (look?.state === 'unavailable' || look?.state === 'credentials') say(`preflight: ${target.identity.label}: ${look.message}; its checks are not run.`);
  else if (look?.state === 'answers' && look.note) say(`preflight: ${target.identity.label}: ${look.note}`);
}

/** An error that says its message alone: a stack would tell the reader nothing. */
function bare(message: string): Error {
  const error = new Error(message);
  error.stack = error.message;
  return error;
}
