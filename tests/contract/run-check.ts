import type { TestInfo } from '@playwright/test';
import type { ContractCheck } from '../../src/checks/check';
import { failureText, notRunOutcome } from '../../src/outcome/check-outcome';
import { runConfirmed } from '../../src/run/confirm';
import { OUTCOME_ANNOTATION, type OutcomeAnnotation } from '../../src/report/check-record';
import { reportableExchange } from '../../src/report/reportable-exchange';
import { redactValue } from '../../src/security/redact';
import { test, type RunContext } from './fixtures';

/**
 * Run one check as a Playwright test: a step for the check, its exchanges attached (redacted),
 * warnings and notes as annotations, its typed outcome (judgeCheck, the one place an outcome is
 * decided) handed to the reporters, and a failure that says what the contract is, what came back
 * and where the docs promise it.
 */
export async function runCheck(check: ContractCheck, context: RunContext, testInfo: TestInfo): Promise<void> {
  // The preflight found the target not answering, or refusing our client: said once for the run,
  // and the check is not run (skipped, so no worker is restarted for each of them).
  const look = context.preflight;
  if (look && look.state !== 'answers') {
    const cause = look.state === 'unavailable' ? 'unavailable' : 'credentials';
    const annotation: OutcomeAnnotation = {
      target: context.identity,
      outcome: notRunOutcome(check, cause, look.state === 'credentials' && look.fix ? `${look.message}. ${look.fix}` : look.message, look.key),
    };
    testInfo.annotations.push({ type: OUTCOME_ANNOTATION, description: JSON.stringify(annotation) });
    test.skip(true, `Not run: ${redactValue(look.message)}`);
  }
  const { result, outcome } = await test.step(check.title, async () => {
    try {
      // Trouble is confirmed (tried again after waiting) before it counts: src/run/confirm.ts. A
      // first attempt was started with the worker's others (src/run/run-ahead.ts); a retry, or a
      // repeat, looks afresh.
      const first = testInfo.retry === 0 && testInfo.repeatEachIndex === 0;
      return await (first ? context.ahead.first(check) : runConfirmed(check, context));
    } catch (error) {
      // A check that throws instead of finding (a bug of ours, or data no check foresaw) still
      // leaves nothing unredacted: Playwright would report the message and stack as they are.
      const failure = new Error(redactValue(`The check could not finish: ${error instanceof Error ? error.message : String(error)}`));
      failure.stack = failure.message;
      throw failure;
    }
  });
  const annotation: OutcomeAnnotation = { target: context.identity, outcome };
  testInfo.annotations.push({ type: OUTCOME_ANNOTATION, description: JSON.stringify(annotation) });
  for (const [index, exchange] of result.exchanges.entries()) {
    attach(testInfo, `exchange-${index + 1}.json`, 'application/json', redactValue(reportableExchange(exchange)));
  }
  for (const attachment of result.attachments ?? []) {
    attach(testInfo, attachment.name, attachment.contentType, redactValue(attachment.body));
  }
  if (outcome.summary) process.stdout.write(`${outcome.summary}\n`);
  for (const notice of outcome.notices) testInfo.annotations.push({ type: 'notice', description: notice });
  for (const warning of outcome.warnings) testInfo.annotations.push({ type: 'warning', description: warning });
  if (outcome.status === 'degraded') testInfo.annotations.push({ type: 'degraded', description: outcome.latency.message ?? 'degraded' });
  // Notes can run to dozens of lines (a radar of a large schema): one attachment, not annotations.
  if (outcome.notes.length) attach(testInfo, 'notes.md', 'text/markdown', outcome.notes.map((note) => `- ${note}`).join('\n'));
  if (outcome.status === 'skipped') test.skip(true, outcome.skipped);
  if (outcome.status === 'failed') {
    const error = new Error(failureText(outcome));
    // The stack would point the report's code frame at this helper, which tells a reader nothing.
    error.stack = error.message;
    throw error;
  }
}

/**
 * An attachment of the test, as testInfo.attach() makes it, without the step that attach() adds
 * for each: a Playwright step captures and source-maps a stack, and a check's exchanges are many.
 */
function attach(testInfo: TestInfo, name: string, contentType: string, body: string): void {
  testInfo.attachments.push({ name, contentType, body: Buffer.from(body) });
}
