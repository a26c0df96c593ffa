import { test, expect } from '../contract/base-test';
import { buildSchema } from 'graphql';
import { assessDrift } from '../../src/drift/drift';
import { SchemaUsage } from '../../src/drift/usage';

/**
 * The drift check on real material: GitHub's public schema a year apart. Its own file, because it
 * builds two 1 MB schemas (about 1.5 s): the mutation run (vitest.mutation.config.ts) leaves it
 * out, or every mutant in src/drift would pay for it; tests/unit/drift.spec.ts and
 * drift-parts.spec.ts hold the logic on schemas small enough to read.
 */
test.describe('drift on real material', () => {
  test("GitHub's schema a year apart: every breaking change is judged, none is ours", async () => {
    const dir = '../shared/data/github-schema';
    const { existsSync, readFileSync } = await import('node:fs');
    test.skip(!existsSync(`${dir}/2023-06-27.graphql`), 'the shared data folder is not beside this checkout');
    const before = buildSchema(readFileSync(`${dir}/2023-06-27.graphql`, 'utf8'));
    const after = buildSchema(readFileSync(`${dir}/2024-07-08.graphql`, 'utf8'));
    const items = await assessDrift(before, after, SchemaUsage.of(before, []), { strict: false });
    const breaking = items.filter((i) => i.criticality === 'BREAKING');
    expect(breaking.length).toBeGreaterThan(0);
    expect(breaking.every((i) => i.verdict === 'warn' && i.note === 'breaking, not used by us')).toBe(true);
    expect(items.some((i) => i.type === 'FIELD_DEPRECATION_ADDED')).toBe(true);
  });
});
