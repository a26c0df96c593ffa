import { checksIn } from '../../src/checks/catalogue';
import { test } from './fixtures';
import { runCheck } from './run-check';

test.describe('auth and transport', () => {
  for (const check of [...checksIn('auth'), ...checksIn('transport')]) {
    test(check.title, { tag: [`@${check.area}`], annotation: { type: 'check', description: check.id } }, async ({ pluvo }, testInfo) => {
      await runCheck(check, pluvo, testInfo);
    });
  }
});
