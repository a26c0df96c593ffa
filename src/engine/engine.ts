import { catalogue } from '../checks/catalogue';
import type { CheckContext, ContractCheck } from '../checks/check';
import { createCheckContext, type CheckContextOptions } from '../checks/check-context';
import type { AppOperation } from '../contracts/app-operations';
import { loadContracts, type ContractOperation } from '../contracts/manifest';
import { NodeTransport } from '../http/node-transport';
import type { HttpTransport } from '../http/transport';
import { causeOf, describeOutcome, troubleKeyOf, type GraphQLOutcome } from '../pluvo/graphql-client';
import type { Cause } from '../pluvo/cause';
import { createPluvoClients } from '../pluvo/pluvo-clients';
import type { AdoptedAnswer } from '../pluvo/token-client';
import { redact } from '../security/redact';
import type { TargetIdentity } from '../targets/target-identity';
import { RequestBudget, RunLimits } from '../pluvo/run-limits';
import { notRunFailure, type CheckOutcome } from '../outcome/check-outcome';
import { isUnavailable, judgedBesideItsTarget, restOfTheApiAnswered } from '../outcome/confined-trouble';
import type { Preflight } from '../run/preflight';
import { lookedAgain, runConfirmed, type Confirmed } from '../run/confirm';
import type { RunTarget } from '../targets/targets-file';
import { noteRunSeed } from '../report/run-seed';
import type { SuitePlan } from './suite-plan';
import { INTERRUPTED, notRunBecause, reportOfCheck, reportOfCrash, reportOfNotRun, type CheckReport } from './check-report';
import { MANY_TARGETS } from '../report/console-reporter';

/** A query of a user's own check; without a document, the question is only whose target it is. */
export interface OwnQuery {
  query?: string;
  variables?: Record<string, unknown>;
}

/**
 * The engine's answer to a user's own check: its target (always, for its outcome to name), and
 * the data, or the trouble that kept an answer away. Said once here and in the channel.
 */
export type OwnAnswer =
  | { unknownTarget: string }
  | { identity: TargetIdentity; stopped: true }
  | { identity: TargetIdentity; data?: Record<string, unknown>; trouble?: { message: string; cause: Cause; key?: string }; notRun?: true };

const keyOf = (outcome: GraphQLOutcome): { key?: string } => {
  const key = troubleKeyOf(outcome);
  return key ? { key: redact(key) } : {};
};

/** Which checks the run selected, by target name ('' for the one target of a run without a targets file). */
export type Selection = ReadonlyMap<string, ReadonlySet<string>>;

/** The name a target goes by in a selection and in a worker's question: its name in the targets file, or ''. */
const targetName = (target: Pick<RunTarget, 'name'>): string => target.name ?? '';

/** Thrown into a check that is waiting when the run is stopped: it ends there, with no further request. */
export class RunStopped extends Error {
  constructor() {
    super('the run was stopped');
  }
}

export interface EngineOptions {
  /** The transport every request goes through (Node's HTTP client; tests may give another). */
  transport?: () => HttpTransport;
  /** The clock that waits and time budgets run by (the self-test's is virtual). */
  now?: () => number;
  sleep?: (ms: number) => Promise<void>;
  say?: (line: string) => void;
  /** The pins and dates the checks read (the targets' files unless given: the self-test gives copies). */
  files?: CheckContextOptions['files'];
  /** Our operations, already parsed (the run's global setup checked them); read from the first target's knowledge unless given. */
  operations?: readonly ContractOperation[];
  /** The application's own operations (pluvo-monitor.json "operations", found by the global setup); none unless given. */
  appOperations?: readonly AppOperation[];
}

/** One target of the run, as the engine holds it: its checks' shared context (its clients within its own bound), its preflight. */
interface TargetRun {
  target: RunTarget;
  context: CheckContext;
  checks: ReadonlyMap<string, ContractCheck>;
  look: Preflight | undefined;
  /** The preflight's look while it is still under way: this target's checks start when it is in, the others' do not wait for it. */
  lookPending?: Promise<Preflight>;
  /** First runs, started together when the run begins. */
  started: Map<string, Promise<Settled>>;
  /** The checks the run selected of this target (all of them, unless Playwright narrowed the run). */
  selected: Set<string>;
  /** Its selected checks once all have ended, and those that took another's confirmation have looked again where needed (Engine.together). */
  together?: Promise<ReadonlyMap<string, Settled> | undefined>;
}

/** How a check's run ended in the engine: judged, stopped by the run's stop, or thrown (a bug of ours, or data no check foresaw). */
export type Settled = Confirmed | { stopped: true } | { crashed: unknown };

/**
 * A run: every request of every target is sent from here, in one process, concurrently within
 * each target's PLUVO_CONCURRENCY and the run's one request budget. Each target's checks start
 * together when the run begins (`begin`), so a run costs its longest chain of round trips, not
 * their sum, and organisations run side by side. What a check found is judged once, here (with
 * its confirmation waits: src/run/confirm.ts), and handed to the Playwright test that reports it
 * as a CheckReport. A stop cuts every wait and answers every test at once as interrupted.
 */
export class Engine {
  private readonly targets = new Map<string, TargetRun>();
  private stopped = false;
  /** Whether a failed check's test may keep its worker (src/engine/failed-check-reporter.ts is in the run to put the failure right). */
  private workersKeptOnFailure = false;
  private readonly stopListeners = new Set<() => void>();
  readonly budget: RequestBudget;

  constructor(targets: readonly RunTarget[], options: EngineOptions = {}) {
    const [first] = targets;
    this.budget = new RequestBudget(first?.config.maxRequests);
    // The one draw every target's paging samples from (PLUVO_PAGING_SEED repeats it), for the alert to name.
    if (first) noteRunSeed(String(first.config.pagingSeed));
    const transport = options.transport ?? (() => new NodeTransport());
    const sleep = this.stoppable(options.sleep ?? ((ms) => new Promise<void>((resolve) => setTimeout(resolve, ms))));
    // The operations are the integration's, one folder for every target of a run (PLUVO_CONTRACTS_DIR): parsed once.
    const operations = options.operations ?? (first ? loadContracts(first.knowledge.contractsDir) : []);
    const say = options.say ?? ((line: string) => process.stdout.write(`${line}\n`));
    for (const target of targets) {
      const { config } = target;
      const limits = new RunLimits({ concurrency: config.concurrency, retryBudgetMs: config.retryBudgetMs, budget: this.budget });
      const clients = createPluvoClients(config, transport(), { limits, sleep });
      const context = createCheckContext(config, clients, target.knowledge, {
        operations,
        ...(options.appOperations ? { appOperations: options.appOperations } : {}),
        sleep,
        ...(options.files ? { files: options.files } : {}),
        ...(options.now ? { now: options.now } : {}),
        // Beside other organisations, what a check says as it goes (a long walk's progress) names its own, as its report's line does.
        say: targets.length > 1 ? (line: string) => say(`[${targetName(target)}] ${line}`) : say,
        scopesSetIn: target.setIn.scopes,
      });
      const checks = new Map(catalogue(context.operations, context.appOperations).map((check) => [check.id, check]));
      this.targets.set(targetName(target), { target, context, checks, look: undefined, started: new Map(), selected: new Set() });
    }
  }

  /** The suite's tests: every target by name, and the checks of our operations. */
  plan(): SuitePlan {
    const [first] = this.targets.values();
    return {
      targets: [...this.targets.keys()],
      checks: first ? [...first.checks.values()].map(({ id, title, area }) => ({ id, title, area })) : [],
    };
  }

  /**
   * The token endpoint's answer to the preflight's request, which is the checks' own (the same
   * client and scopes): its token serves the target's checks and the answer is theirs to judge,
   * so the run does not ask for it again (TokenClient.adopt).
   */
  adoptTokenAnswer(target: RunTarget, answer: AdoptedAnswer): void {
    this.targets.get(targetName(target))?.context.clients.tokens.adopt(target.config.scopes, answer);
  }

  /** What the preflight saw of each target (by target key), before the run begins. */
  setLooks(looks: Readonly<Record<string, Preflight>>): void {
    for (const run of this.targets.values()) run.look = looks[run.target.identity.key];
  }

  /**
   * The preflight's looks still under way, by target key: each target's checks begin when its own
   * look is in, so that an organisation that never answers (its look waits out timeouts and
   * confirmations) delays only its own checks.
   */
  lookLater(looks: Readonly<Record<string, Promise<Preflight>>>): void {
    for (const run of this.targets.values()) {
      const pending = looks[run.target.identity.key];
      if (!pending) continue;
      run.lookPending = pending.then((look) => {
        run.look = look;
        run.lookPending = undefined;
        return look;
      });
    }
  }

  /** Every check of every target: the selection of a run that Playwright does not narrow. */
  everything(): Selection {
    return new Map([...this.targets].map(([name, run]) => [name, new Set(run.checks.keys())]));
  }

  /** Start every selected check of every target at once; a target the preflight found not answering starts none. */
  begin(selection: Selection): void {
    for (const [name, ids] of selection) {
      const run = this.targets.get(name);
      if (!run) continue;
      for (const id of ids) if (run.checks.has(id)) run.selected.add(id);
      const start = () => {
        if (run.look && run.look.state !== 'answers') return;
        for (const id of ids) if (run.checks.has(id)) void this.settled(name, id);
      };
      if (run.lookPending) void run.lookPending.then(start);
      else start();
    }
  }

  /**
   * The first reports of a target's selected checks, each as it is in (src/engine/channel.ts
   * streams them to the worker that reports them): none before the run has begun.
   */
  reportsOf(name: string): Array<{ check: string; report: Promise<CheckReport> }> {
    const run = this.targets.get(name);
    return [...(run?.selected ?? [])].map((check) => ({ check, report: this.report(name, check, 0) }));
  }

  /**
   * The report of one check: its first attempt is the run the run began with; a retry (attempt
   * 1 and on) looks afresh, as Playwright asks for it.
   */
  async report(name: string, checkId: string, attempt: number): Promise<CheckReport> {
    const found = this.find(name, checkId);
    if ('crashed' in found) return reportOfCrash(found.crashed);
    const { run, check } = found;
    // Its look still under way (a target that does not answer, waited out): a stop does not wait for it.
    if (run.lookPending && !(await this.untilStopped(run.lookPending))) return INTERRUPTED;
    if (run.look && run.look.state !== 'answers') return reportOfNotRun(run.target.identity, check, run.look);
    const settled = await this.settled(name, checkId, attempt);
    if ('stopped' in settled) return INTERRUPTED;
    // Masked only once every token this target's server may have issued by now has been read.
    if (!(await this.untilStopped(run.context.clients.tokens.settled()))) return INTERRUPTED;
    if ('crashed' in settled) return reportOfCrash(settled.crashed);
    const { keepExchanges, keepBodies, otel } = run.target.config;
    const report = reportOfCheck(run.target.identity, settled.result, settled.outcome, keepExchanges, keepBodies, otel !== undefined);
    if (report.end.kind === 'failed' && this.workersKeptOnFailure) report.end = { ...report.end, keepWorker: true };
    if (!report.say || this.targets.size === 1) return report;
    // From many organisations on, a check's line that tells nothing the check's own ✓ does not (the drift's, the radar's, all well) is left to the report.
    const { say: _quiet, ...unsaid } = report;
    const { status, warnings, notices } = settled.outcome;
    if (this.targets.size >= MANY_TARGETS && status === 'passed' && !warnings.length && !notices.length) return unsaid;
    // With several organisations, a check's line names whose it is, as the console's lines do.
    return { ...report, say: `[${name}] ${report.say}` };
  }

  /**
   * A query of a user's own check (src/own/test.ts), sent with its target's client: the token, the
   * target's concurrency bound, the run's request budget and redaction of everything reported are
   * those of our checks. The data goes back to the check as Pluvo sent it, for its assertions; an
   * answer without data is trouble with its cause, redacted. A target the preflight found not
   * answering is not asked.
   */
  async ownQuery(name: string, request: OwnQuery): Promise<OwnAnswer> {
    const run = this.targets.get(name);
    if (!run)
      return {
        unknownTarget: `this run has no target ${name ? `"${name}"` : 'without a name'}; its targets are ${[...this.targets.keys()].map((key) => key || '(the one target)').join(', ')}`,
      };
    const identity = run.target.identity;
    if (run.lookPending && !(await this.untilStopped(run.lookPending))) return { identity, stopped: true };
    if (run.look && run.look.state !== 'answers') {
      // Said as each of our checks kept from running by the same look says it.
      const { cause, message, key } = notRunBecause(run.look);
      return { identity, trouble: notRunFailure(cause, message, key), notRun: true };
    }
    if (!request.query) return { identity };
    const exchange = await this.orStopped(
      run.context.clients.graphql
        .execute({ query: request.query, ...(request.variables ? { variables: request.variables } : {}) })
        .catch((error: unknown) => ({ crashed: error }) as const),
      undefined,
    );
    if (!exchange) return { identity, stopped: true };
    // What goes back is masked, so only once every token the server may have issued by now has been read.
    if (!(await this.untilStopped(run.context.clients.tokens.settled()))) return { identity, stopped: true };
    if ('crashed' in exchange)
      return { identity, trouble: { message: redact(`the query could not be sent: ${String(exchange.crashed)}`), cause: 'unavailable' } };
    const { outcome } = exchange;
    if (outcome.kind === 'data') return { identity, data: outcome.data };
    return {
      identity,
      trouble: { message: redact(describeOutcome(outcome)), cause: outcome.kind === 'graphql-errors' ? 'contract' : causeOf(outcome), ...keyOf(outcome) },
    };
  }

  /** A failed check's test may say its failure was expected, so that Playwright keeps its worker: the runner puts it right. */
  keepWorkersOnFailure(): void {
    this.workersKeptOnFailure = true;
  }

  /** A check's run as the engine judged it: the run the run began with (attempt 0), or a fresh one. */
  async settled(name: string, checkId: string, attempt = 0): Promise<Settled> {
    const found = this.find(name, checkId);
    if ('crashed' in found) return found;
    const { run, check } = found;
    if (attempt > 0) return this.besideItsTarget(run, check, await this.runCheck(check, run.context.fresh()), attempt);
    let first = run.started.get(checkId);
    if (!first) {
      first = this.runCheck(check, run.context);
      run.started.set(checkId, first);
    }
    return this.besideItsTarget(run, check, await first, 0);
  }

  /**
   * A check that got no answer is judged beside its target's other selected checks
   * (src/outcome/confined-trouble.ts), once they have all ended and looked again where needed
   * (`together`): its report waits for them, so that no output hears of it as Pluvo's outage and
   * another as this contract's failure. A retry (attempt 1 and on) is judged beside the others'
   * first runs, and looks again as they did.
   */
  private async besideItsTarget(run: TargetRun, check: ContractCheck, settled: Settled, attempt: number): Promise<Settled> {
    if (!('result' in settled) || !isUnavailable(settled.outcome)) return settled;
    const together = await this.together(run);
    if (!together) return { stopped: true };
    const others = [...together].flatMap(([id, other]) => (id !== check.id && 'result' in other ? [other.outcome] : []));
    const mine = attempt === 0 ? (together.get(check.id) ?? settled) : await this.lookedAgainIfConfined(run, check, settled, [settled.outcome, ...others]);
    return 'result' in mine ? { ...mine, outcome: judgedBesideItsTarget(mine.outcome, [mine.outcome, ...others]) } : mine;
  }

  /**
   * A target's selected checks once every one has ended; then, when the rest of the API answered
   * them, each check that got no answer and took another's confirmation for its own
   * (Confirmed.spared) looks again once (src/run/confirm.ts lookedAgain): its trouble may have been
   * a blip of its own beside trouble confined to another contract. An outage (the API failing
   * widely) is not looked at again, so it costs no more requests. Done once a target.
   */
  private together(run: TargetRun): Promise<ReadonlyMap<string, Settled> | undefined> {
    run.together ??= (async () => {
      const ids = [...run.selected].filter((id) => run.started.has(id));
      const ended = await this.orStopped(Promise.all(ids.map((id) => run.started.get(id)!)), undefined);
      if (!ended) return undefined;
      const first = ended.flatMap((settled) => ('result' in settled ? [settled.outcome] : []));
      const looked = await Promise.all(
        ended.map((settled, index) => {
          const check = run.checks.get(ids[index]!);
          return check ? this.lookedAgainIfConfined(run, check, settled, first) : settled;
        }),
      );
      return new Map(ids.map((id, index) => [id, looked[index]!]));
    })();
    return run.together;
  }

  /** A check spared its waits, beside a target whose rest answered: looked at again once; anything else as it is. */
  private async lookedAgainIfConfined(run: TargetRun, check: ContractCheck, settled: Settled, target: readonly CheckOutcome[]): Promise<Settled> {
    if (!('result' in settled) || !settled.spared || !isUnavailable(settled.outcome) || !restOfTheApiAnswered(target)) return settled;
    return this.judgedRun(() => lookedAgain(check, run.context.fresh(), settled));
  }

  /** A target's check by name; one this run does not have is a bug of ours, said as such. */
  private find(name: string, checkId: string): { run: TargetRun; check: ContractCheck } | { crashed: Error } {
    const run = this.targets.get(name);
    const check = run?.checks.get(checkId);
    return run && check ? { run, check } : { crashed: new Error(`this run has no check ${checkId}${name ? ` for ${name}` : ''}`) };
  }

  private runCheck(check: ContractCheck, context: CheckContext): Promise<Settled> {
    return this.judgedRun(() => runConfirmed(check, context));
  }

  /** A check's judged run as it settles: not begun once the run is stopped, stopped when the run is, crashed when it threw. */
  private judgedRun(judging: () => Promise<Confirmed>): Promise<Settled> {
    if (this.stopped) return Promise.resolve({ stopped: true });
    const work = judging().then(
      (judged): Settled => (this.stopped ? { stopped: true } : judged),
      (error: unknown): Settled => (this.stopped || error instanceof RunStopped ? { stopped: true } : { crashed: error }),
    );
    return this.orStopped<Settled>(work, { stopped: true });
  }

  /** The work's end, or `whenStopped` as soon as the run is stopped, whichever comes first. */
  private orStopped<T>(work: Promise<T>, whenStopped: T): Promise<T> {
    if (this.stopped) return Promise.resolve(whenStopped);
    let onStop = () => undefined as void;
    const stop = new Promise<T>((resolve) => {
      onStop = () => resolve(whenStopped);
      this.stopListeners.add(onStop);
    });
    return Promise.race([work, stop]).finally(() => this.stopListeners.delete(onStop));
  }

  /** Whether the work ended, and well, before the run was stopped (false: stopped first, or it failed). */
  private untilStopped(work: Promise<unknown>): Promise<boolean> {
    return this.orStopped(
      work.then(
        () => !this.stopped,
        () => false,
      ),
      false,
    );
  }

  /** Stop the run: every wait ends, every check not yet reported is answered as interrupted. */
  stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    for (const listener of this.stopListeners) listener();
    this.stopListeners.clear();
  }

  /** A sleep that a stop ends at once, with RunStopped, so a confirmation wait sends nothing more. */
  private stoppable(sleep: (ms: number) => Promise<void>): (ms: number) => Promise<void> {
    return (ms) => {
      if (this.stopped) return Promise.reject(new RunStopped());
      return new Promise<void>((resolve, reject) => {
        const onStop = () => reject(new RunStopped());
        this.stopListeners.add(onStop);
        sleep(ms).then(() => {
          this.stopListeners.delete(onStop);
          if (this.stopped) reject(new RunStopped());
          else resolve();
        }, reject);
      });
    };
  }
}
