import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

/**
 * The fast unit tests, under Vitest, for `npm run mutation` only (npm test runs them with
 * Playwright). The end-to-end and fault-matrix tests start sandboxes and Playwright runs: far too
 * slow to repeat for every mutant.
 */
export default defineConfig({
  resolve: {
    alias: [
      { find: '@playwright/test', replacement: fileURLToPath(new URL('./tests/support/playwright-on-vitest.ts', import.meta.url)) },
      // One graphql for everyone, as under Node: Vite would give our code the ES build and
      // graphql-inspector the CommonJS one, and graphql refuses types from "another realm".
      { find: /^graphql$/, replacement: createRequire(import.meta.url).resolve('graphql') },
    ],
  },
  test: {
    include: [
      'tests/unit/checks.spec.ts',
      'tests/unit/paging-sample.spec.ts',
      'tests/unit/drift.spec.ts',
      'tests/unit/alerting.spec.ts',
      'tests/unit/status-page.spec.ts',
      'tests/unit/end-of-run-reporter.spec.ts',
      'tests/unit/redact.spec.ts',
      'tests/unit/latency.spec.ts',
      'tests/unit/slack-message.spec.ts',
      'tests/unit/status-page-parts.spec.ts',
      'tests/unit/alert-files.spec.ts',
      'tests/unit/check-record.spec.ts',
      'tests/unit/report-shapes.spec.ts',
      'tests/unit/shape-checks.spec.ts',
      'tests/unit/auth-checks.spec.ts',
      'tests/unit/walk.spec.ts',
      'tests/unit/drift-parts.spec.ts',
      'tests/unit/schema-checks.spec.ts',
      'tests/unit/check-plumbing.spec.ts',
      'tests/unit/alert-decisions.spec.ts',
      'tests/unit/paging-checks.spec.ts',
      'tests/unit/check-recorder.spec.ts',
    ],
    pool: 'threads',
    fileParallelism: true,
  },
});
