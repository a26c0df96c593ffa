import { test, expect } from '../contract/base-test';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigError } from '../../src/config/config-error';
import { SANDBOX_ORG } from '../../src/knowledge/layout';
import { checkOwnFiles } from '../../src/knowledge/own-files';
import { scratchDir } from '../support/scratch';

/** Our own files as configuration: checked before a run, one line each. */
function problemWith(file: 'baseline' | 'deprecations', content: string): string | undefined {
  const path = join(mkdtempSync(join(scratchDir(), 'pluvo-own-files-')), `${file}.json`);
  writeFileSync(path, content);
  try {
    checkOwnFiles({ ...SANDBOX_ORG, [file === 'baseline' ? 'baselinePath' : 'deprecationsPath']: path });
    return undefined;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    return error.message.replace(path, `${file}.json`);
  }
}

test.describe('our own files, checked before a run', () => {
  test('the shipped files pass, and a pin file that does not exist yet is no error', () => {
    expect(() => checkOwnFiles(SANDBOX_ORG)).not.toThrow();
    expect(() => checkOwnFiles({ ...SANDBOX_ORG, baselinePath: join(tmpdir(), 'no-such-baseline.json') })).not.toThrow();
  });

  const broken: Array<['baseline' | 'deprecations', string, RegExp]> = [
    ['baseline', '{"targets": ', /^baseline\.json: is not valid JSON \(.*\)\. Fix it, or delete it and run `npm run onboard`/],
    ['baseline', 'null', /^baseline\.json: does not have its shape: \(the top\) must be object\./],
    [
      'baseline',
      '{"targets":{"https://acme.pluvo.com":{"scope-refusal":403}}}',
      /^baseline\.json: does not have its shape: \/targets\/https:~1~1acme\.pluvo\.com\/scope-refusal must be string\./,
    ],
    [
      'deprecations',
      '{"targets":{"sandbox":{"User.email":{"firstSeen":"yesterday","reason":"Use primaryEmail."}}}}',
      /^deprecations\.json: does not have its shape: .*firstSeen must match pattern/,
    ],
    [
      'deprecations',
      '{"alertedFingerprint":123}',
      /^deprecations\.json: does not have its shape: \(the top\) must have required property 'targets'\. Fix it, or delete it and run `npm run onboard` to record the dates afresh$/,
    ],
  ];
  for (const [file, content, message] of broken) {
    test(`${file}.json ${content.slice(0, 40)}: one line naming the file and the fix`, () => {
      const problem = problemWith(file, content);
      expect(problem).toMatch(message);
      expect(problem).not.toContain('\n');
    });
  }
});
