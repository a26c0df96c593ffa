import { test, expect } from '../contract/base-test';
import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { HistoryLine } from '../../src/report/alert-files';
import { jobSummary, pagesSite, targetMatrix } from '../../src/report/ci-pages';
import { scratchDir } from '../support/scratch';

/** What the hourly workflow takes from a run: its matrix, its job summary, its Pages site. */
const counts = { passed: 0, failed: 0, flaky: 0, degraded: 0, skipped: 0 };
const line = (at: string, target: string, verdict: HistoryLine['verdict'], extra: Partial<HistoryLine> = {}): HistoryLine => ({
  at,
  target,
  targetKey: target,
  verdict,
  counts,
  checks: {},
  ...extra,
});

test.describe('the hourly workflow, from a run', () => {
  test('the matrix: each organisation with the names of its two secrets, nothing else', () => {
    const targets = [
      { name: 'acme', org: 'acme', clientIdEnv: 'ACME_ID', clientSecretEnv: 'ACME_SECRET', scopes: 'users.read' },
      { name: 'globex', baseUrl: 'https://globex.example', clientIdEnv: 'GLOBEX_ID', clientSecretEnv: 'GLOBEX_SECRET' },
    ];
    expect(targetMatrix(targets as never)).toEqual({
      include: [
        { name: 'acme', clientIdEnv: 'ACME_ID', clientSecretEnv: 'ACME_SECRET' },
        { name: 'globex', clientIdEnv: 'GLOBEX_ID', clientSecretEnv: 'GLOBEX_SECRET' },
      ],
    });
  });

  test('the job summary: the latest run, a row an organisation, with what it said and the report', () => {
    const history = [
      line('2026-12-01T11:17:00.000Z', 'acme', 'failed'),
      line('2026-12-01T12:17:00.000Z', 'acme', 'passed'),
      line('2026-12-01T12:17:00.000Z', 'globex | two', 'unavailable', { said: 'Pluvo did not answer (HTTP 502)' }),
    ];
    expect(jobSummary(history, 'https://o.github.io/r/report/index.html')).toBe(
      '### Pluvo contract monitor, 2026-12-01 12:17 UTC\n\n| organisation | verdict | what |\n|---|---|---|\n' +
        '| acme | ✅ passed | every contract held |\n| globex \\| two | ❌ Pluvo did not answer | Pluvo did not answer (HTTP 502) |\n' +
        '\n[The merged report](https://o.github.io/r/report/index.html) · the status page is published beside it.\n',
    );
    expect(jobSummary([])).toContain('No run was recorded');
  });

  test('the Pages site: the status page as index.html, summary.json and metrics beside it, the report under report/', () => {
    const reports = mkdtempSync(join(scratchDir(), 'pluvo-site-'));
    writeFileSync(join(reports, 'status.html'), '<!doctype html>status');
    writeFileSync(join(reports, 'summary.json'), '{}');
    mkdirSync(join(reports, 'html', 'data'), { recursive: true });
    writeFileSync(join(reports, 'html', 'index.html'), 'report');
    writeFileSync(join(reports, 'state.json'), '{"private":true}');
    const site = join(reports, 'site');
    expect(pagesSite(reports, site)).toEqual(['index.html', 'summary.json', 'report']);
    expect(readdirSync(site).sort()).toEqual(['.nojekyll', 'index.html', 'report', 'summary.json']);
    expect(readFileSync(join(site, 'report', 'index.html'), 'utf8')).toBe('report');
  });
});
