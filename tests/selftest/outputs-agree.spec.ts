import { test, expect } from '../contract/base-test';
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import parsePrometheusTextFormat from 'parse-prometheus-text-format';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import type { FaultName } from '../../sandbox/faults';
import { startSandbox, type RunningSandbox } from '../../sandbox/server';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { VERDICT_OF_INCIDENT, VERDICTS, type IncidentKind, type RunVerdict } from '../../src/outcome/verdict';
import { fakeGitHub } from '../support/fake-github';
import { recordingWebhook } from '../support/recording-webhook';
import { runInProcess } from '../support/run-in-process';
import { SwitchableTarget } from '../support/switchable-target';
import { writeTargetsFile } from '../support/targets-file';
import { scratchDir } from '../support/scratch';

/**
 * Two organisations, one run after another, as an on-call person lives through them: healthy; a
 * broken contract on one and an outage on the other; slowness; our client refused; recovery. After
 * each run, for each organisation, every output tells one story: the console's verdict, history,
 * the status page's state and open incidents (each with its start), summary.json's component and
 * incidents, the alert state, JUnit's counts, the metrics, the heartbeat and Slack's headlines.
 */

/** Three checks of each organisation: one a wrong secret breaks, one that reads users (and is slow when Pluvo is), the drift. */
const CHECKS = ['--grep', 'a wrong client secret gets 401|paginatedUsers: first: 50 gives|the live schema has no breaking change'];

type Step = {
  name: string;
  acme: Backend;
  globex: Backend;
  /** The verdict each organisation must have. */
  verdicts: { acme: RunVerdict; globex: RunVerdict };
  /** Slack's headlines of this run, in its order ("acme: …"), each as it starts or as a pattern. */
  told: Array<string | RegExp>;
};
type Backend = { down?: true; faults?: FaultName[]; latencyMs?: number; secret?: string };

const STEPS: Step[] = [
  { name: 'healthy', acme: {}, globex: {}, verdicts: { acme: 'passed', globex: 'passed' }, told: [] },
  // Two kinds of trouble at once, one an organisation: each its own incident, told at once.
  {
    name: 'a broken contract on acme, an outage on globex',
    acme: { faults: ['wrong-secret-accepted'] },
    globex: { down: true },
    verdicts: { acme: 'failed', globex: 'unavailable' },
    // The most urgent first: an outage is critical, a broken contract an error.
    told: ['globex: Pluvo API unavailable', 'acme: Pluvo contract broken'],
  },
  {
    name: 'slowness on both',
    acme: { latencyMs: 600 },
    globex: { latencyMs: 600 },
    verdicts: { acme: 'degraded', globex: 'degraded' },
    // Slowness shows Pluvo answers and the contracts hold: the outage and the broken contract are over.
    // Trouble before what is over.
    told: ['acme: Pluvo is slow', 'globex: Pluvo is slow', /^acme: Pluvo contracts hold again after /, /^globex: Pluvo answers again after /],
  },
  {
    name: 'our client refused on acme',
    acme: { secret: 'rotated-secret-9c1d' },
    globex: {},
    verdicts: { acme: 'credentials-refused', globex: 'passed' },
    told: ["acme: Pluvo refused the monitor's API client (no verdict on Pluvo)", 'globex: Pluvo answers at its usual speed again after'],
  },
  // A refused client says nothing of speed: acme's slowness stayed open through it, and ends now.
  {
    name: 'recovery',
    acme: {},
    globex: {},
    verdicts: { acme: 'passed', globex: 'passed' },
    told: ['acme: Pluvo answers at its usual speed again after', "acme: Pluvo accepts the monitor's API client again after"],
  },
];

type Summary = {
  components: Array<{ id: string; name: string; status: string; group: boolean; group_id: string | null; description: string }>;
  incidents: Array<{ name: string; started_at: string; impact: string }>;
};

test('two organisations through a broken contract, an outage, slowness, a refused client and recovery: every output agrees after every run', async () => {
  test.slow();
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-agree-'));
  const reports = join(dir, 'reports');
  const slack = await recordingWebhook();
  const heartbeat = await recordingWebhook();
  const orgs = { acme: await SwitchableTarget.start(), globex: await SwitchableTarget.start() };
  const targets = join(dir, 'targets.json');
  writeFileSync(
    targets,
    JSON.stringify({
      targets: Object.entries(orgs).map(([name, org]) => {
        const schemas = join(dir, 'knowledge', name);
        cpSync(SANDBOX_ORG.schemasDir, schemas, { recursive: true });
        return { name, baseUrl: org.url, clientIdEnv: `${name.toUpperCase()}_ID`, clientSecretEnv: `${name.toUpperCase()}_SECRET`, schemas };
      }),
    }),
  );
  const label = (name: keyof typeof orgs) => `${name} (${orgs[name].url})`;
  let running: RunningSandbox[] = [];
  try {
    for (const step of STEPS) {
      await Promise.all(running.map((sandbox) => sandbox.close()));
      running = [];
      for (const name of ['acme', 'globex'] as const) {
        const backend = step[name];
        if (backend.down) {
          orgs[name].switchTo(undefined);
          continue;
        }
        const sandbox = await startSandbox({ port: 0, faults: new Set(backend.faults ?? []), latencyMs: backend.latencyMs ?? 0 });
        running.push(sandbox);
        orgs[name].switchTo(sandbox.url);
      }
      const slackBefore = slack.received.length;
      const pingsBefore = heartbeat.received.length;
      const run = await runInProcess(
        {
          PLUVO_TARGETS: targets,
          ACME_ID: DEMO_CLIENT.clientId,
          ACME_SECRET: step.acme.secret ?? DEMO_CLIENT.clientSecret,
          GLOBEX_ID: DEMO_CLIENT.clientId,
          GLOBEX_SECRET: step.globex.secret ?? DEMO_CLIENT.clientSecret,
          SLACK_WEBHOOK_URL: slack.url,
          PLUVO_HEARTBEAT_URL: heartbeat.url,
          // Every kind of trouble told at its first run, so that each step's alerts are this step's.
          PLUVO_ALERT_AFTER_RUNS_UNAVAILABLE: '1',
          PLUVO_ALERT_AFTER_RUNS_DEGRADED: '1',
          // In the slowness step, slow is 300 ms (the sandboxes are 600 ms away) for the checks that read users and
          // tokens; otherwise the defaults hold, so that a loaded machine's own delay never reads as Pluvo's slowness.
          ...(step.acme.latencyMs || step.globex.latencyMs ? { PLUVO_DEGRADED_MS_AUTH: '300', PLUVO_DEGRADED_MS_PAGING: '300' } : {}),
          PLUVO_CONFIRM_DELAYS_MS: '50',
        },
        reports,
        CHECKS,
      );
      const where = `after "${step.name}"`;

      const history = readFileSync(join(reports, 'history.jsonl'), 'utf8')
        .trim()
        .split('\n')
        .map((line) => JSON.parse(line));
      const html = readFileSync(join(reports, 'status.html'), 'utf8');
      const summary = JSON.parse(readFileSync(join(reports, 'summary.json'), 'utf8')) as Summary;
      const state = JSON.parse(readFileSync(join(reports, 'state.json'), 'utf8')).targets as Record<
        string,
        { incidents: Record<string, { since: string; told?: object }> }
      >;
      const junit = readFileSync(join(reports, 'junit.xml'), 'utf8');
      const metrics = parsePrometheusTextFormat(readFileSync(join(reports, 'metrics.prom'), 'utf8'));

      // The console's overview counts the same verdicts as each organisation's own line.
      const verdicts = [step.verdicts.acme, step.verdicts.globex];
      const overview = /\n2 organisations: (.*)\.\n/.exec(run.output)?.[1];
      expect(overview?.split(', ').sort(), where).toEqual(
        verdicts[0] === verdicts[1] ? [`${verdicts[0]} 2`] : verdicts.map((verdict) => `${verdict} 1`).sort(),
      );
      for (const name of ['acme', 'globex'] as const) {
        const verdict = step.verdicts[name];
        const meaning = VERDICTS[verdict];
        const key = orgs[name].url;
        // The console and history; a check's own line names its organisation.
        expect(run.output, where).toContain(`${label(name)}: verdict: ${verdict};`);
        if (meaning.ran && verdict !== 'unavailable' && verdict !== 'credentials-refused') expect(run.output, where).toContain(`[${name}] schema drift: `);
        // Checks the preflight kept from running are counted, under the name of the organisation they are for.
        if (verdict === 'unavailable' || verdict === 'credentials-refused')
          expect(run.output, where).toMatch(new RegExp(`\\n  – \\[${name}\\] \\d+ checks not run \\(the preflight's finding, above\\)\\n`));
        expect(history.filter((line) => line.targetKey === key).at(-1)?.verdict, where).toBe(verdict);
        // The status page: the state now.
        const section = new RegExp(`<section data-target="${key.replace(/[.]/g, '\\.')}" data-state="([a-z_]+)">([\\s\\S]*?)</section>`).exec(html);
        expect(section?.[1], `${name} ${where}`).toBe(meaning.state);
        // The open incidents, each with its start: the alert state, the status page and summary.json name the same.
        const open = Object.entries(state[key]?.incidents ?? {})
          .map(([kind, incident]) => `${kind}@${incident.since}`)
          .sort();
        const ongoing = [...(section?.[2] ?? '').matchAll(/<tr class="incident" data-kind="([a-z]+)" data-from="([^"]+)">(?:(?!<\/tr>).)*<b>ongoing<\/b>/g)]
          .map((m) => `${m[1]}@${m[2]}`)
          .sort();
        expect(ongoing, `${name}'s incidents on the status page ${where}`).toEqual(open);
        const published = summary.incidents
          .filter((incident) => incident.name.startsWith(`${label(name)}: `))
          .map((incident) => {
            const kind = (Object.keys(VERDICT_OF_INCIDENT) as IncidentKind[]).find((k) =>
              incident.name.startsWith(`${label(name)}: ${VERDICTS[VERDICT_OF_INCIDENT[k]].headline}`),
            );
            return `${kind}@${incident.started_at}`;
          })
          .sort();
        expect(published, `${name}'s incidents in summary.json ${where}`).toEqual(open);
        // summary.json's component: the state, or (Statuspage has no unknown) the last one Pluvo was seen in, saying why.
        const group = summary.components.find((component) => component.group && component.name === label(name))!;
        if (meaning.state === 'unknown') expect(group.description, where).toBe(`no verdict on Pluvo in the last run: ${meaning.name}`);
        else expect(group.status, where).toBe(meaning.state);
        // Its checks: down, none of them reads operational beside it (the status page says "not run" beside the outage).
        const checkStates = summary.components.filter((component) => component.group_id === group.id).map((component) => component.status);
        expect(checkStates.length, where).toBe(3);
        if (verdict === 'unavailable') expect(new Set(checkStates), where).toEqual(new Set([group.status]));
        // JUnit: the suite's counts, as the verdict's form says.
        const suite = new RegExp(
          `<testsuite name="${label(name).replace(/[.()]/g, '\\$&')}" tests="(\\d+)" failures="(\\d+)" errors="(\\d+)" skipped="(\\d+)"`,
        ).exec(junit);
        const [tests, failures, errors, skipped] = suite!.slice(1).map(Number);
        expect(tests, where).toBe(3);
        if (meaning.junit === 'failure') expect(failures, where).toBeGreaterThan(0);
        else expect(failures, `${name} ${where}`).toBe(0);
        // Not run is skipped, never failed; trouble that ran is an error.
        if (verdict === 'unavailable' || verdict === 'credentials-refused') expect([errors, skipped], where).toEqual([0, 3]);
        if (meaning.held) expect([errors, skipped], where).toEqual([0, 0]);
        // The metrics: the verdict, and the run's success as the table says.
        const sample = (metric: string, labels: Record<string, string>) =>
          metrics.find((family) => family.name === metric)?.metrics.find((m) => Object.entries(labels).every(([k, v]) => m.labels?.[k] === v))?.value;
        expect(sample('pluvo_run_verdict', { target: label(name), verdict }), where).toBe('1');
        expect(sample('pluvo_run_success', { target: label(name) }), where).toBe(meaning.held ? '1' : '0');
        const checkSuccess = metrics.find((family) => family.name === 'pluvo_check_success')?.metrics.filter((m) => m.labels?.target === label(name)) ?? [];
        // A check kept from running has no sample: never success 0.
        expect(checkSuccess.length, where).toBe(meaning.ran && verdict !== 'unavailable' && verdict !== 'credentials-refused' ? 3 : 0);
      }

      // The heartbeat: its /fail form exactly while trouble is told.
      const paging = Object.values(state).some((target) => Object.values(target.incidents).some((incident) => incident.told));
      expect(
        heartbeat.received.slice(pingsBefore).map((ping) => ping.path.endsWith('/fail')),
        where,
      ).toEqual([paging]);
      // Slack: this run's headlines, in order, each prefixed with its organisation.
      const sent = slack.received.slice(slackBefore).flatMap((message) => headlines(message.body));
      expect(sent.length, `${where}: ${sent.join(' | ')}`).toBe(step.told.length);
      step.told.forEach((expected, index) => {
        if (expected instanceof RegExp) expect(sent[index], where).toMatch(expected);
        else expect(sent[index]?.startsWith(expected), `${where}: ${sent[index]} should start with ${expected}`).toBe(true);
      });
    }
  } finally {
    await Promise.all([...running.map((sandbox) => sandbox.close()), orgs.acme.close(), orgs.globex.close()]);
    slack.close();
    heartbeat.close();
  }
});

/**
 * The headlines of a Slack message, each with its organisation: "acme: Pluvo contract broken".
 * One alert is its header; several are a bold section each (src/report/slack-message.ts's
 * combineMessages), and each is followed by its overview, which names the target.
 */
function headlines(message: { blocks?: Array<{ type: string; text?: { text: string } }> }): string[] {
  const blocks = message.blocks ?? [];
  return blocks.flatMap((block, index) => {
    const text = block.text?.text ?? '';
    // A target's headline is followed by its target; a digest's title (a header before the first target's headline) is not one.
    const target = /^\*Target:\* (\w+) \(/.exec(blocks[index + 1]?.text?.text ?? '')?.[1];
    const isHead = target && (block.type === 'header' || (block.type === 'section' && /^\*[^*\n]+\*$/.test(text)));
    if (!isHead) return [];
    return [`${target}: ${text.replace(/^\*|\*$/g, '')}`];
  });
}

test('a Pluvo-wide outage at three organisations of four, then its end: Slack, PagerDuty, GitHub issues, summary.json and the status page each tell one incident, the same', async () => {
  test.slow();
  const dir = mkdtempSync(join(scratchDir(), 'pluvo-shared-'));
  const reports = join(dir, 'reports');
  const slack = await recordingWebhook();
  const pagerDuty = await recordingWebhook();
  pagerDuty.failWith(202);
  const github = await fakeGitHub();
  const names = ['acme', 'globex', 'initech', 'umbrella'] as const;
  const orgs = await Promise.all(names.map(() => SwitchableTarget.start()));
  const sandbox = await startSandbox({ port: 0 });
  const targets = writeTargetsFile(dir, Object.fromEntries(names.map((name, index) => [name, orgs[index]!.url])), {
    clientIdEnv: 'ORG_ID',
    clientSecretEnv: 'ORG_SECRET',
  });
  const labels = names.slice(1).map((name) => `${name} (${orgs[names.indexOf(name)]!.url})`);
  const run = () =>
    runInProcess(
      {
        PLUVO_TARGETS: targets,
        ORG_ID: DEMO_CLIENT.clientId,
        ORG_SECRET: DEMO_CLIENT.clientSecret,
        SLACK_WEBHOOK_URL: slack.url,
        PAGERDUTY_ROUTING_KEY: 'R0UT1NGKEYabcdefghijklmnopqrstuv',
        PAGERDUTY_EVENTS_URL: new URL(pagerDuty.url).origin,
        PLUVO_GITHUB_ISSUES: '1',
        GITHUB_TOKEN: 'ghs_tokenTOKENtoken123',
        GITHUB_REPOSITORY: 'acme-corp/monitor',
        GITHUB_API_URL: github.url,
        PLUVO_ALERT_AFTER_RUNS_UNAVAILABLE: '1',
        PLUVO_CONFIRM_DELAYS_MS: '50',
      },
      reports,
      CHECKS,
    );
  const read = (name: string) => readFileSync(join(reports, name), 'utf8');
  try {
    // Acme answers; Pluvo does not answer the other three.
    orgs[0]!.switchTo(sandbox.url);
    const down = await run();
    expect(down.output).toContain('\n4 organisations: unavailable 3, passed 1.\n');
    const title = (message: { body: { blocks: Array<{ type: string; text: { text: string } }> } }) => message.body.blocks[0]!.text.text;
    expect(slack.received.map(title)).toEqual(['Pluvo API unavailable: 3 organisations']);
    expect(pagerDuty.received.map((event) => [event.body.event_action, event.body.payload.summary])).toEqual([
      ['trigger', `Pluvo API unavailable: 3 organisations (${labels.join(', ')})`],
    ]);
    expect(github.issues.map((issue) => [issue.title, issue.state])).toEqual([['Pluvo API unavailable: 3 organisations', 'open']]);
    for (const label of labels) expect(github.issues[0]!.body).toContain(`- ${label}\n`);
    const summary = JSON.parse(read('summary.json')) as { incidents: Array<{ name: string; impact: string; components: Array<{ name: string }> }> };
    expect(summary.incidents.map((incident) => [incident.name, incident.impact, incident.components.map((component) => component.name)])).toEqual([
      ['Pluvo API unavailable: 3 organisations', 'critical', labels],
    ]);
    expect(read('status.html')).toMatch(/<b>Major outage: Pluvo API unavailable at 3 of 4 organisations<\/b> since /);

    // Pluvo answers again everywhere.
    for (const org of orgs) org.switchTo(sandbox.url);
    const over = await run();
    expect(over.output).toContain('\n4 organisations: passed 4.\n');
    expect(slack.received.slice(1).map(title)).toEqual(['Pluvo answers again: 3 organisations']);
    expect(pagerDuty.received.map((event) => [event.body.event_action, event.body.dedup_key])).toEqual([
      ['trigger', pagerDuty.received[0]!.body.dedup_key],
      ['resolve', pagerDuty.received[0]!.body.dedup_key],
    ]);
    expect(github.issues.map((issue) => issue.state)).toEqual(['closed']);
    expect(JSON.parse(read('summary.json')).incidents).toEqual([]);
  } finally {
    await Promise.all([sandbox.close(), ...orgs.map((org) => org.close())]);
    slack.close();
    pagerDuty.close();
    github.close();
  }
});
