import { existsSync, readFileSync } from 'node:fs';
import { diff, DiffRule } from '@graphql-inspector/core';
import { buildSchema } from 'graphql';
import { deprecationsOf } from '../../src/drift/radar';

export const GITHUB_SCHEMAS = '../shared/data/github-schema';

export interface DriftBenchResult {
  parseMs: number;
  diffMs: number;
  changes: number;
  breaking: number;
  deprecations: number;
  radarMs: number;
  heapMb: number;
}

/** The drift diff and the radar's scan on GitHub's public schema at two dates (about 1.1 and 1.2 MB of SDL). */
export async function measureSchemaDrift(): Promise<DriftBenchResult | undefined> {
  const older = `${GITHUB_SCHEMAS}/2023-06-27.graphql`;
  const newer = `${GITHUB_SCHEMAS}/2024-07-08.graphql`;
  if (!existsSync(older) || !existsSync(newer)) return undefined;
  const t0 = performance.now();
  const before = buildSchema(readFileSync(older, 'utf8'));
  const after = buildSchema(readFileSync(newer, 'utf8'));
  const t1 = performance.now();
  const changes = await diff(before, after, [DiffRule.simplifyChanges]);
  const t2 = performance.now();
  const deprecations = deprecationsOf(after).length;
  const t3 = performance.now();
  return {
    parseMs: (t1 - t0) / 2,
    diffMs: t2 - t1,
    changes: changes.length,
    breaking: changes.filter((c) => c.criticality.level === 'BREAKING').length,
    deprecations,
    radarMs: t3 - t2,
    heapMb: process.memoryUsage().heapUsed / 1024 / 1024,
  };
}
