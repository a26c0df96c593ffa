import { test, expect } from '../contract/base-test';
import { runCommand } from '../support/command';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { DEMO_CLIENT } from '../../sandbox/demo-clients';
import { startSandbox } from '../../sandbox/server';
import type { HttpResponse, HttpTransport } from '../../src/http/transport';
import { AlertFiles } from '../../src/report/alert-files';
import { startHostileServer } from '../hostile/hostile-server';
import { historyOf, sandboxOnlyEnv } from '../support/run-monitor';
import { runChecksAgainstSandbox } from '../support/run-checks';
import { runInProcess } from '../support/run-in-process';
import { writeTargetsFile } from '../support/targets-file';
import { scratchDir } from '../support/scratch';

/**
 * Triage end to end, as an on-call person meets it: the preflight says what the run is looking at
 * before any check (our own refused credentials are one line and exit 2; a target that does not
 * answer is one verdict, one line, one Slack section), a blip shorter than the confirmation pages
 * nobody, and a 5xx that lasts on one operation while the rest answers is that contract's failure.
 */
type Message = { text: string; blocks: Array<{ type: string; text?: { text: string } }> };
const messageIn = (reportsDir: string) => JSON.parse(readFileSync(join(reportsDir, 'slack-message.json'), 'utf8')) as Message;
const texts = (message: Message) => message.blocks.map((block) => block.text?.text ?? '');
const scratch = () => mkdtempSync(join(scratchDir(), 'pluvo-triage-'));
const FEW_CHECKS = ['--grep', 'the documented first request|a form-encoded client-credentials request'];

test.describe('a reports folder that cannot be written', () => {
  test('npm start: one line naming it and the fix, exit 2, before any request; no stack trace', async () => {
    const blocked = join(mkdtempSync(join(scratchDir(), 'pluvo-blocked-')), 'reports');
    writeFileSync(blocked, 'a file where the reports folder should be');
    const start = await runCommand('npm', ['start', '--silent'], { env: { ...sandboxOnlyEnv(), PLUVO_REPORTS_DIR: blocked } });
    expect(start.code, start.stderr).toBe(2);
    expect(start.stderr.trim().split('\n')).toEqual([
      `npm start: ${blocked}/ cannot be written (EEXIST): the run could keep no report there. Make it writable, or set PLUVO_REPORTS_DIR to a folder that is.`,
    ]);
  });
});

test.describe('our own credentials, refused', () => {
  test('npm run onboard with a wrong secret: one line naming the variables to check, exit 2, nothing written', async () => {
    const sandbox = await startSandbox({ port: 0 });
    try {
      // Asynchronous: the sandbox answers from this process meanwhile.
      const env = {
        ...sandboxOnlyEnv(),
        PLUVO_TARGETS: 'none',
        PLUVO_BASE_URL: sandbox.url,
        PLUVO_CLIENT_ID: DEMO_CLIENT.clientId,
        PLUVO_CLIENT_SECRET: 'rotated-secret-9c1d',
      };
      const onboard = await runCommand('npm', ['run', '--silent', 'onboard'], { env });
      expect(onboard.code, onboard.stderr).toBe(2);
      expect(onboard.stderr.trim().split('\n')).toEqual([
        `onboard: PLUVO_CLIENT_SECRET: Pluvo refused our API client at ${sandbox.url} (HTTP 401 (invalid_client)). Check PLUVO_CLIENT_ID and PLUVO_CLIENT_SECRET (a rotated secret?), or whether the API client was revoked in Pluvo`,
      ]);
    } finally {
      await sandbox.close();
    }
  });

  test('on a target never seen to work: one line naming the variable and the fix, exit 2, before any check; a refused scope is named', async () => {
    const sandbox = await startSandbox({ port: 0, refusedScopes: ['events.read'] });
    const dir = scratch();
    const targets = writeTargetsFile(dir, { acme: sandbox.url });
    try {
      const wrong = await runInProcess(
        { PLUVO_TARGETS: targets, SANDBOX_ID: DEMO_CLIENT.clientId, SANDBOX_SECRET: 'wrong-secret-3f2a' },
        join(dir, 'reports'),
        [],
        {
          stopsBeforeChecks: true,
        },
      );
      expect(wrong.status, wrong.output).toBe(2);
      expect(wrong.output.trim().split('\n')).toEqual([
        `pluvo-contract-monitor: SANDBOX_SECRET: Pluvo refused our API client at ${sandbox.url}/oauth/token/ (HTTP 401 (invalid_client)). Check SANDBOX_ID and SANDBOX_SECRET (a rotated secret?), or whether the API client was revoked in Pluvo`,
      ]);
      // One token request: nothing else was sent, and nothing was written as a verdict.
      expect(sandbox.requests).toBe(1);
      expect(existsSync(join(dir, 'reports', 'history.jsonl'))).toBe(false);

      const scope = await runInProcess(
        {
          PLUVO_TARGETS: targets,
          SANDBOX_ID: DEMO_CLIENT.clientId,
          SANDBOX_SECRET: DEMO_CLIENT.clientSecret,
          PLUVO_SCOPES: 'users.read trainings.read events.read',
        },
        join(dir, 'reports'),
        [],
        { stopsBeforeChecks: true },
      );
      expect(scope.status, scope.output).toBe(2);
      expect(scope.output.trim()).toBe(
        'pluvo-contract-monitor: PLUVO_SCOPES: Pluvo refused the scope "events.read" (HTTP 400 (invalid_scope)). Remove it from PLUVO_SCOPES, or ask Pluvo to grant it to the API client',
      );
    } finally {
      await sandbox.close();
    }
  });

  test('on a target that worked before, unattended: the verdict credentials-refused, one section, never "contract broken"; then its recovery', async () => {
    const sandbox = await startSandbox({ port: 0 });
    const dir = scratch();
    const reports = join(dir, 'reports');
    const targets = writeTargetsFile(dir, { acme: sandbox.url });
    const env = (secret: string) => ({ PLUVO_TARGETS: targets, SANDBOX_ID: DEMO_CLIENT.clientId, SANDBOX_SECRET: secret });
    try {
      expect((await runInProcess(env(DEMO_CLIENT.clientSecret), reports, FEW_CHECKS)).status).toBe(0);

      const refused = await runInProcess(env('rotated-secret-9c1d'), reports, FEW_CHECKS);
      expect(refused.status).toBe(1);
      expect(refused.output).toContain('verdict: credentials-refused; 0 failed, 2 not run, 0 passed, 0 skipped.');
      expect(refused.output).not.toMatch(/contract broken/i);
      const message = messageIn(reports);
      expect(message.text).toMatch(/^Pluvo refused the monitor's API client \(no verdict on Pluvo\): acme/);
      expect(texts(message).filter((text) => text.includes('before any check'))).toEqual([
        `:closed_lock_with_key: *Pluvo refused our API client (HTTP 401 (invalid_client)) before any check, so none of the 2 checks was run*\n> Not run: Pluvo refused our API client at ${sandbox.url}/oauth/token/ (HTTP 401 (invalid_client)). Check SANDBOX_ID and SANDBOX_SECRET (a rotated secret?), or whether the API client was revoked in Pluvo.`,
      ]);
      expect(JSON.stringify(message)).not.toMatch(/contract broken/i);

      const mended = await runInProcess(env(DEMO_CLIENT.clientSecret), reports, FEW_CHECKS);
      expect(mended.status).toBe(0);
      const recovery = texts(messageIn(reports));
      // What recovered is what was wrong: our client is let in again (not "contracts hold again").
      expect(recovery[0]).toMatch(/^Pluvo accepts the monitor's API client again after (under a minute|\d+ min)$/);
      expect(recovery[1]).toMatch(
        /\*Was:\* Pluvo refused our API client \(HTTP 401 \(invalid_client\)\) before any check, so none of the 2 checks was run \(since .*, 1 run\)/,
      );
      expect(historyOf(reports).map((line) => [line.verdict, line.alerts ?? null])).toEqual([
        ['passed', null],
        ['credentials-refused', [{ kind: 'failure', incident: 'credentials' }]],
        ['passed', [{ kind: 'recovery', incident: 'credentials' }]],
      ]);
    } finally {
      await sandbox.close();
    }
  });
});

test.describe('a target that does not answer', () => {
  test('beside one that does, it delays only its own checks: the other finishes while its preflight still waits', async () => {
    const hanging = await startHostileServer('hang');
    const sandbox = await startSandbox({ port: 0 });
    const dir = scratch();
    try {
      const run = await runInProcess(
        {
          PLUVO_TARGETS: writeTargetsFile(dir, { answers: sandbox.url, hangs: hanging.url }),
          SANDBOX_ID: DEMO_CLIENT.clientId,
          SANDBOX_SECRET: DEMO_CLIENT.clientSecret,
          PLUVO_TIMEOUT_MS: '1500',
        },
        join(dir, 'reports'),
        ['--grep', 'POST /graphql without'],
      );
      expect(run.output).toMatch(/answers \(http:\/\/127\.0\.0\.1:\d+\): verdict: passed/);
      expect(run.output).toMatch(/hangs \(http:\/\/127\.0\.0\.1:\d+\): verdict: unavailable/);
      // The answering organisation's check is told before the hanging one's preflight has even given up.
      const done = run.output.search(/✓ \[answers\]/);
      const gaveUp = run.output.search(/preflight: hangs /);
      expect(done, run.output).toBeGreaterThan(0);
      expect(done, run.output).toBeLessThan(gaveUp);
    } finally {
      await Promise.all([hanging.close(), sandbox.close()]);
    }
  });

  test('unavailable: one preflight line, the checks counted not listed, under 40 console lines, a Slack message of at most 10 blocks', async () => {
    const gone = await startSandbox({ port: 0 });
    const url = gone.url;
    await gone.close();
    const dir = scratch();
    // Seen to answer before (a run in history): now nothing listens there, an outage. Never seen, it would be our address (exit 2; tests/unit/preflight.spec.ts).
    new AlertFiles(join(dir, 'reports'), () => undefined).appendHistory({
      at: new Date().toISOString(),
      target: `acme (${url})`,
      targetKey: url,
      verdict: 'passed',
      checks: {},
      counts: {},
    });
    const run = await runInProcess(
      { PLUVO_TARGETS: writeTargetsFile(dir, { acme: url }), SANDBOX_ID: 'x', SANDBOX_SECRET: 'y', PLUVO_ALERT_AFTER_RUNS_UNAVAILABLE: '1' },
      join(dir, 'reports'),
    );
    expect(run.status).toBe(1);
    const lines = run.output.trim().split('\n');
    expect(lines.length, run.output).toBeLessThan(40);
    expect(lines.filter((line) => line.includes('ECONNREFUSED')).length).toBeLessThanOrEqual(3);
    expect(run.output).toMatch(
      /preflight: acme \(http:\/\/127\.0\.0\.1:\d+\): Pluvo did not answer at .*ECONNREFUSED.* \(tried again after 0\.2 s and 0\.5 s\); its checks are not run\./,
    );
    expect(run.output).toMatch(/verdict: unavailable; 0 failed, \d+ not run, 0 passed, 0 skipped\./);
    const message = messageIn(join(dir, 'reports'));
    expect(message.blocks.length).toBeLessThanOrEqual(10);
    expect(texts(message).filter((text) => text.includes('ECONNREFUSED'))).toHaveLength(1);
    expect(texts(message)[0]).toBe('Pluvo API unavailable');
  });
});

test.describe('confirmation before a page', () => {
  // The confirmation's waits scaled down (0.3 s, then 1.5 s, for 2 s and 10 s), and outages of
  // the same proportions (for 2 s and 9 s): one over by the first wait, one by the second; a
  // blip that ends within the waits never pages. (At the real scale: the closing note's ten runs.)
  test('an outage at the start of a run, shorter than the confirmation, after a healthy run: passed, and nobody is told', async () => {
    const reports = join(scratch(), 'reports');
    const delays = { PLUVO_CONFIRM_DELAYS_MS: '300,1500' };
    expect((await runInProcess(delays, reports, FEW_CHECKS)).status).toBe(0);
    for (const outageMs of [300, 1350]) {
      const run = await runInProcess({ ...delays, SANDBOX_OUTAGE_MS: String(outageMs) }, reports, FEW_CHECKS);
      expect(run.status, run.output).toBe(0);
      expect(run.output).toMatch(/preflight: the embedded sandbox: Pluvo did not answer at first; it did \(tried again after 0\.3 s( and 1\.5 s)?\)\./);
      expect(run.output).toContain('verdict: passed;');
    }
    expect(existsSync(join(reports, 'slack-message.json'))).toBe(false);
    expect(historyOf(reports).map((line) => [line.verdict, line.alerts ?? null])).toEqual(Array.from({ length: 3 }, () => ['passed', null]));
  });

  test('a 502 that lasts the whole run on one operation, while the rest answers: that contract fails, in every output', async () => {
    const run = await runInProcess({ SANDBOX_FAULTS: 'certificates-502' }, join(scratch(), 'reports'));
    expect(run.status).toBe(1);
    expect(run.output).toMatch(/verdict: failed; 4 failed, \d+ passed, 0 skipped\./);
    expect(run.failedTitles).toEqual([
      "Certificates's response matches its stored response schema",
      'certificates: cursor pages visit every node once, chain by endCursor and end where count says',
      'certificates: first: 50 gives at most 50 edges and a pageInfo',
      'certificates: first: 51 gets an error or exactly 50 edges, as pinned in the baseline',
    ]);
    const message = messageIn(run.reportsDir);
    expect(message.text).toMatch(/^Pluvo contract broken/);
    expect(JSON.stringify(message)).toContain(
      "Only this contract's requests failed (5xx or no answer, confirmed after waiting) while the rest of the API answered",
    );
    // Judged so before any output heard of the checks: the console's line under each, and JUnit's
    // failures (not errors, which say "no contract verdict"), tell what the verdict and the alert tell.
    expect(run.output).not.toMatch(/✘ .*: Pluvo did not answer/);
    expect(run.output.match(/^ {6}- Only this contract's requests failed/gm)).toHaveLength(4);
    const junit = readFileSync(join(run.reportsDir, 'junit.xml'), 'utf8');
    expect(/<testsuites [^>]*failures="(\d+)" errors="(\d+)"/.exec(junit)?.slice(1)).toEqual(['4', '0']);
    expect(Object.values(historyOf(run.reportsDir)[0]?.checks ?? {}).filter(([status]) => status === 'failed')).toHaveLength(4);
  });
  /**
   * certificates-502, and one 502 on the first UserByRef request sent once a certificates request
   * has met its own: the user lookup blips while the certificates checks wait out their
   * confirmation. The blip's page is another proxy's, or the very page the certificates get.
   */
  async function certificatesWithABlip(page: 'another proxy' | 'the same proxy') {
    let certificatesGot: HttpResponse | undefined;
    let blips = 0;
    const blipOnce = (real: HttpTransport): HttpTransport => ({
      async send(request) {
        if (certificatesGot && !blips && request.body?.includes('UserByRef')) {
          blips += 1;
          const body = page === 'the same proxy' ? certificatesGot.body : '<html><body>502 Bad Gateway</body></html>';
          return { status: 502, headers: { 'content-type': 'text/html' }, body, durationMs: 5 };
        }
        const response = await real.send(request);
        if (response.status === 502 && request.body?.includes('certificates')) certificatesGot = response;
        return response;
      },
    });
    const run = await runChecksAgainstSandbox({ faults: new Set(['certificates-502']), transport: blipOnce });
    expect(blips).toBe(1);
    expect(run.failing).toEqual([
      'paging.cursor-walk.certificates',
      'paging.over-limit.certificates',
      'paging.page-size.certificates',
      'shape.response.Certificates',
    ]);
    const lookup = run.outcomes.get('shape.response.UserByRef')!;
    expect([lookup.status, lookup.passedOnRetry]).toEqual(['passed', true]);
    expect(lookup.warnings[0]).toMatch(/^Pluvo did not answer at first \(HTTP 502.*\); it did when .*\. Not counted as trouble: flaky\.$/);
    // Whichever of them waited on another's confirmation says what it did: it looked again.
    for (const id of run.failing)
      expect(
        run.outcomes
          .get(id)!
          .failures.map((failure) => failure.message)
          .join(' '),
      ).not.toContain('confirmed that Pluvo was not answering');
    return run.failing.map((id) => run.outcomes.get(id)!.cause);
  }

  test("a blip on another operation while that 502 is confirmed: the blip is flaky, not that operation's broken contract", async () => {
    expect(await certificatesWithABlip('another proxy')).toEqual(['contract', 'contract', 'contract', 'contract']);
  });

  test('the same 502 page on another operation, once, while the certificates get it every time: it comes and goes, so it is Pluvo not answering, not a contract', async () => {
    expect(await certificatesWithABlip('the same proxy')).toEqual(['unavailable', 'unavailable', 'unavailable', 'unavailable']);
  });
});
