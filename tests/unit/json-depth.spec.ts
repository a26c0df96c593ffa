import { test, expect } from '../contract/base-test';
import { parseJson } from '../../src/pluvo/token-client';
import { MAX_JSON_DEPTH, nestsDeeperThan } from '../../src/text/json-depth';

/** The depth JSON.parse builds, counted on what it built: the oracle the scan without parsing must agree with. */
function parsedDepth(value: unknown): number {
  if (value === null || typeof value !== 'object') return 0;
  const children = Array.isArray(value) ? value : Object.values(value);
  return 1 + Math.max(0, ...children.map(parsedDepth));
}

test.describe('how deep an answer nests, read without parsing it', () => {
  test('agrees with what JSON.parse builds, brackets and escaped quotes inside strings not counted', () => {
    const texts = [
      '{}',
      '[]',
      '1',
      '"[[[["',
      '{"a":"}}}{{{\\"[[[","b":[[1],{"c":[2]}]}',
      '{"errors":[{"message":"x\\\\","path":["a",0]}],"data":null}',
      `{"data":${'['.repeat(40)}${']'.repeat(40)}}`,
      // More brackets than any limit tried here, all but one inside a string: the scan, not the count, decides.
      `{"message":"${'{['.repeat(600)}"}`,
    ];
    for (const text of texts) {
      const depth = parsedDepth(JSON.parse(text));
      expect(nestsDeeperThan(text, depth), text).toBe(false);
      if (depth > 0) expect(nestsDeeperThan(text, depth - 1), text).toBe(true);
    }
  });

  test("an answer deeper than Pluvo's may nest is not parsed at all; one at the limit is", () => {
    const atLimit = `${'['.repeat(MAX_JSON_DEPTH)}${']'.repeat(MAX_JSON_DEPTH)}`;
    const beyond = `[${atLimit}]`;
    expect(parsedDepth(parseJson(atLimit))).toBe(MAX_JSON_DEPTH);
    expect(parseJson(beyond)).toBeUndefined();
    expect(parseJson(`{"data":{"paginatedUsers":${'['.repeat(100_000)}${']'.repeat(100_000)}}}`)).toBeUndefined();
  });
});
