import { test, expect } from '@playwright/test';
import { existsSync, mkdtempSync } from 'node:fs';
import { join } from 'node:path';
import { countSelected } from '../../scripts/support/selection';
import { sandboxOnlyEnv } from '../support/run-monitor';
import { scratchDir } from '../support/scratch';

/**
 * What a narrowed `npm start` counts before it runs (Playwright's own `--list`), in a shell that
 * carries another suite's Playwright settings, as a CI job often does.
 */
test("a CI's PLAYWRIGHT_JSON_OUTPUT_FILE moves neither the listing's answer nor our results.json", async () => {
  const elsewhere = join(mkdtempSync(join(scratchDir(), 'pluvo-selection-')), 'other-suite.json');
  const saved = { ...process.env };
  Object.assign(process.env, sandboxOnlyEnv(), { PLAYWRIGHT_JSON_OUTPUT_FILE: elsewhere, PLAYWRIGHT_JSON_OUTPUT_NAME: 'other-suite.json' });
  try {
    expect(countSelected(['--grep', '@auth'])).toEqual({ count: 9 });
    expect(existsSync(elsewhere)).toBe(false);
  } finally {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  }
});
