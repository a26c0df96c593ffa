import { checksIn } from '../../src/checks/catalogue';
import { test } from './fixtures';
import { runCheck } from './run-check';

test.describe('response shapes', () => {
  for (const check of checksIn('shape')) {
    test(check.title, { tag: ['@shape'], annotation: { type: 'check', description: check.id } }, async ({ pluvo }, testInfo) => {
      await runCheck(check, pluvo, testInfo);
    });
  }
});
