import type { TestInfo } from '@playwright/test';
import { TROUBLE_LABEL, type CheckContext, type ContractCheck } from '../../src/checks/check';
import { judgeLatency, thresholdsFor } from '../../src/checks/latency';
import { redactValue } from '../../src/security/redact';
import { reportableExchange } from '../../src/report/reportable-exchange';
import { targetIdentity } from '../../src/report/target-identity';
import { test } from './fixtures';

/**
 * Run one check as a Playwright test: a step for the check, its exchanges attached (redacted),
 * warnings and notes as annotations, and a failure that says what the contract is, what came
 * back and where the docs promise it.
 */
export async function runCheck(check: ContractCheck, context: CheckContext, testInfo: TestInfo): Promise<void> {
  const result = await test.step(check.title, async () => {
    try {
      return await check.run(context);
    } catch (error) {
      // A check that throws instead of finding (a bug of ours, or data no check foresaw) still
      // leaves nothing unredacted: Playwright would report the message and stack as they are.
      const failure = new Error(redactValue(`The check could not finish: ${error instanceof Error ? error.message : String(error)}`));
      failure.stack = failure.message;
      throw failure;
    }
  });
  // Which target this was: alerting groups by it, also when shards are merged later.
  testInfo.annotations.push({ type: 'target', description: JSON.stringify(targetIdentity(context.config, testInfo.project.name)) });
  // Response times: recorded for history and the status page; slow is degraded, very slow fails.
  const latency = judgeLatency(result, thresholdsFor(context.config, check.area));
  testInfo.annotations.push({ type: 'timing', description: JSON.stringify({ p50Ms: latency.p50Ms, p95Ms: latency.p95Ms }) });
  if (latency.verdict === 'too-slow') result.findings.push({ severity: 'fail', message: latency.message ?? 'too slow' });
  if (latency.verdict === 'degraded') {
    if (context.config.strict) result.findings.push({ severity: 'fail', message: `${latency.message} PLUVO_STRICT=1 makes degraded checks fail.` });
    else testInfo.annotations.push({ type: 'degraded', description: latency.message ?? 'degraded' });
  }
  for (const [index, exchange] of result.exchanges.entries()) {
    await testInfo.attach(`exchange-${index + 1}.json`, { body: redactValue(reportableExchange(exchange)), contentType: 'application/json' });
  }
  for (const attachment of result.attachments ?? []) {
    await testInfo.attach(attachment.name, { body: redactValue(attachment.body), contentType: attachment.contentType });
  }
  if (result.summary) process.stdout.write(`${redactValue(result.summary)}\n`);
  for (const notice of result.notices ?? []) testInfo.annotations.push({ type: 'notice', description: redactValue(notice) });
  for (const finding of result.findings) {
    if (finding.severity === 'warn') testInfo.annotations.push({ type: 'warning', description: redactValue(finding.message) });
  }
  // Notes can run to dozens of lines (a radar of a large schema): one attachment, not annotations.
  const notes = result.findings.filter((finding) => finding.severity === 'info').map((finding) => `- ${finding.message}`);
  if (notes.length) await testInfo.attach('notes.md', { body: redactValue(notes.join('\n')), contentType: 'text/markdown' });
  if (result.skipped) test.skip(true, result.skipped);
  const failures = result.findings.filter((finding) => finding.severity === 'fail');
  if (failures.length) {
    const lines = failures.map((finding) => `  - ${finding.message}`).join('\n');
    const headline = result.trouble ? `${TROUBLE_LABEL[result.trouble]}: ${check.title}` : `Contract broken: ${check.title}`;
    if (result.trouble) testInfo.annotations.push({ type: 'trouble', description: result.trouble });
    const error = new Error(redactValue(`${headline}\n${lines}\nDocs: ${check.docs}`));
    // The stack would point the report's code frame at this helper, which tells a reader nothing.
    error.stack = error.message;
    throw error;
  }
}
