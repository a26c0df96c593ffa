import { test, expect } from '../contract/base-test';
import { judgeOwnCheck, type OwnCheckEnd } from '../../src/outcome/own-check-outcome';
import { VERDICT_OF_CAUSE, VERDICTS } from '../../src/outcome/verdict';

const end = (over: Partial<OwnCheckEnd>): OwnCheckEnd => ({
  checkId: 'own:tests/users.spec.ts:every user has an e-mail',
  title: 'every user has an e-mail',
  location: 'tests/users.spec.ts:12',
  status: 'passed',
  tookMs: 40,
  ...over,
});

test.describe("a user's own check, judged (src/outcome/own-check-outcome.ts)", () => {
  test('a pass is a pass of the area "own", with where it is written', () => {
    const outcome = judgeOwnCheck(end({}));
    expect(outcome).toMatchObject({ status: 'passed', area: 'own', docs: 'tests/users.spec.ts:12', failures: [] });
    expect(outcome.cause).toBeUndefined();
  });

  test('an assertion that does not hold is a broken contract, said in one line with what was expected and received', () => {
    const error = 'Error: expect(received).toBe(expected) // Object.is equality\n\nExpected: -1\nReceived: 11\n\n  at tests/users.spec.ts:14:40';
    const outcome = judgeOwnCheck(end({ status: 'failed', error }));
    expect(outcome).toMatchObject({ status: 'failed', cause: 'contract', headline: 'Contract broken: every user has an e-mail' });
    expect(outcome.failures).toEqual([
      { message: 'tests/users.spec.ts:12: expect(received).toBe(expected) // Object.is equality; Expected: -1; Received: 11', cause: 'contract' },
    ]);
  });

  test("a query that met an outage or refused credentials is that trouble, not a verdict on the contract; Playwright's timeout is the check's budget", () => {
    const outage = judgeOwnCheck(
      end({ status: 'failed', error: 'PluvoQueryError: HTTP 502', trouble: { message: 'HTTP 502: Bad Gateway', cause: 'unavailable', key: 'HTTP 502' } }),
    );
    expect(outage).toMatchObject({
      status: 'failed',
      cause: 'unavailable',
      headline: `${VERDICTS[VERDICT_OF_CAUSE.unavailable].because}: every user has an e-mail`,
    });
    expect(outage.failures).toEqual([{ message: 'HTTP 502: Bad Gateway', cause: 'unavailable', key: 'HTTP 502' }]);

    const refused = judgeOwnCheck(end({ status: 'failed', trouble: { message: 'Not run: Pluvo refused our API client', cause: 'credentials' }, notRun: true }));
    expect(refused).toMatchObject({ cause: 'credentials', notRun: true });

    expect(judgeOwnCheck(end({ status: 'timedOut' }))).toMatchObject({ status: 'failed', cause: 'budget' });
  });

  test('a skip says why', () => {
    expect(judgeOwnCheck(end({ status: 'skipped', skipped: 'not on weekends' }))).toMatchObject({
      status: 'skipped',
      skipped: 'not on weekends',
      failures: [],
    });
  });
});
