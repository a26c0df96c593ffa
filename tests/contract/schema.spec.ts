import { checksIn } from '../../src/checks/catalogue';
import { test } from './fixtures';
import { runCheck } from './run-check';

test.describe('schema drift and deprecations', () => {
  for (const check of checksIn('schema')) {
    test(check.title, { tag: ['@schema'], annotation: { type: 'check', description: check.id } }, async ({ pluvo }, testInfo) => {
      await runCheck(check, pluvo, testInfo);
    });
  }
});
