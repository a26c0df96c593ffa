import { checksIn } from '../../src/checks/catalogue';
import { test } from './fixtures';
import { runCheck } from './run-check';

test.describe('paging', () => {
  for (const check of checksIn('paging')) {
    test(check.title, { tag: ['@paging'], annotation: { type: 'check', description: check.id } }, async ({ pluvo }, testInfo) => {
      await runCheck(check, pluvo, testInfo);
    });
  }
});
