import { test, expect } from '../contract/base-test';
import { readdirSync, readFileSync } from 'node:fs';
import Ajv from 'ajv';
import addFormats from 'ajv-formats';
import { PIN_FILES } from '../../src/knowledge/own-files';

/**
 * Our own JSON Schemas (the published ones in json-schemas/, and the pin files' in the code) are
 * compiled without ajv checking them against their draft first (src/config/json-file.ts): that
 * check is made here, once, with ajv's strict schema checks (its default), which also refuse a keyword that does not exist.
 */
test.describe('our own JSON Schemas', () => {
  const published = readdirSync('json-schemas').filter((name) => name.endsWith('.schema.json'));

  test("each published schema is valid against draft-07, and compiles with ajv's strict schema checks", () => {
    expect(published.length).toBeGreaterThanOrEqual(4);
    for (const name of published) {
      const schema = JSON.parse(readFileSync(`json-schemas/${name}`, 'utf8')) as { $schema?: string };
      expect(schema.$schema, name).toBe('http://json-schema.org/draft-07/schema#');
      const ajv = new Ajv({ allowUnionTypes: true });
      addFormats(ajv);
      expect(ajv.validateSchema(schema), `${name}: ${ajv.errorsText()}`).toBe(true);
      expect(() => ajv.compile(schema), name).not.toThrow();
    }
  });

  test("each pin file's schema is valid against draft-07, and compiles with ajv's strict schema checks", () => {
    for (const file of PIN_FILES) {
      const ajv = new Ajv();
      expect(ajv.validateSchema(file.schema), ajv.errorsText()).toBe(true);
      expect(() => ajv.compile(file.schema)).not.toThrow();
    }
  });

  test('the check is real: a schema that misspells a type, or names a keyword that does not exist, is refused', () => {
    const ajv = new Ajv();
    expect(ajv.validateSchema({ type: 'strnig' })).toBe(false);
    expect(() => ajv.compile({ type: 'object', propertiez: {} })).toThrow(/unknown keyword/);
  });
});
