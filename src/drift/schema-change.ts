import type { GraphQLSchema } from 'graphql';
import type { DeprecationLog } from '../knowledge/deprecation-log';
import { assessDrift, type DriftItem } from './drift';
import { deprecationRadar, type RadarItem } from './radar';
import type { SchemaUsage } from './usage';
import { bounded, neutralised } from '../text/github-markdown';

/**
 * The pull request that proposes a schema change of Pluvo's for review: a title that counts what
 * matters ("Pluvo schema (acme): 1 breaking, affects 2 of our operations; 3 dangerous; 12 safe"),
 * and a body with the classified changes and the operations they touch, and the new deprecations
 * with the date each was first seen. The same judgement as the drift check's (assessDrift), so
 * that what the PR calls breaking is what the gate fails on.
 */
export interface SchemaChangeProposal {
  changed: boolean;
  title: string;
  body: string;
}

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\s*\n\s*/g, ' ');
const plural = (n: number, one: string, many = `${one}s`) => `${n} ${n === 1 ? one : many}`;

export async function schemaChangeProposal(input: {
  name: string;
  before: GraphQLSchema;
  after: GraphQLSchema;
  usage: SchemaUsage;
  operationCount: number;
  log: DeprecationLog;
  target: string;
  today: string;
  /** The response schemas could not be regenerated (an operation no longer fits): said first, as the thing to fix. */
  ungenerated?: boolean;
}): Promise<SchemaChangeProposal> {
  const all = await assessDrift(input.before, input.after, input.usage, { strict: false });
  // A deprecation is one row of its own table, at the level the monitor gives it, not three "safe" changes.
  const items = all.filter((item) => !DEPRECATION.test(item.type) && !item.path.includes('@deprecated'));
  const radar = deprecationRadar(input.before, input.after, input.usage, input.log, input.target, { strict: false, today: input.today }).filter(
    (item) => item.isNew,
  );
  const of = (level: DriftItem['criticality']) => items.filter((item) => item.criticality === level);
  const [breaking, dangerous, safe] = [of('BREAKING'), of('DANGEROUS'), of('NON_BREAKING')];
  const affected = new Set(breaking.filter((item) => item.verdict === 'fail').flatMap((item) => item.usedBy));
  const failing = radar.filter((item) => item.verdict === 'fail');
  const title =
    `Pluvo schema (${input.name}): ${breaking.length} breaking` +
    `${affected.size ? `, affects ${affected.size} of our ${plural(input.operationCount, 'operation')}` : ''}; ` +
    `${dangerous.length} dangerous; ${safe.length} safe` +
    `${radar.length ? `; ${plural(radar.length, 'new deprecation')}${failing.length ? ` (${failing.length} used by us)` : ''}` : ''}`;
  return {
    changed: all.length > 0 || radar.length > 0,
    title: neutralised(title).slice(0, 250),
    body: bounded(
      neutralised(body(input.name, items, radar, affected, input.ungenerated ?? false)),
      "the rest is in the workflow's log of `npm run schema:pull`",
    ),
  };
}

/** The changes that are a deprecation's (by type, or as the usage of @deprecated): the radar's table says them once, at their real level. */
const DEPRECATION = /DEPRECAT/;

function body(name: string, items: readonly DriftItem[], radar: readonly RadarItem[], affected: ReadonlySet<string>, ungenerated: boolean): string {
  const label = { BREAKING: 'breaking', DANGEROUS: 'dangerous', NON_BREAKING: 'safe' } as const;
  const order = { BREAKING: 0, DANGEROUS: 1, NON_BREAKING: 2 } as const;
  const rows = [...items]
    .sort((a, b) => order[a.criticality] - order[b.criticality] || a.path.localeCompare(b.path))
    .map((item) => `| ${label[item.criticality]} | ${cell(item.message)} | \`${cell(item.path)}\` | ${item.usedBy.length ? item.usedBy.join(', ') : '–'} |`);
  const level = (item: RadarItem) => (item.verdict === 'fail' ? 'fails the monitor' : item.verdict === 'warn' ? 'warns' : 'safe');
  const deprecations = radar.map(
    (item) =>
      `| ${level(item)} | \`${cell(item.coordinate)}\` | ${cell(item.reason)} | ${item.since} | ${item.alternative ? `\`${item.alternative}\`` : 'none named'} | ${item.usedBy.length ? item.usedBy.join(', ') : '–'} |`,
  );
  const sections = [
    ungenerated
      ? '**The response schemas were not regenerated:** an operation of ours no longer fits the new schema (see the breaking changes below, and the log of `npm run schemas:generate`). Fix the operation on this branch, then run `npm run schemas:generate` and push.'
      : '',
    `Pluvo's live schema for **${name}** differs from the snapshot committed here. This pull request updates the snapshot${ungenerated ? '' : ' and the response schemas generated from it'}; the contract gate runs on it.`,
    affected.size
      ? `**Breaking for us:** ${[...affected].sort().join(', ')} would break. Change those operations in \`contracts/\` on this branch before merging, or raise it with Pluvo.`
      : radar.some((item) => item.verdict === 'fail')
        ? 'None of our operations is broken by this change, but the monitor fails on a new deprecation that they use (below): move them to its replacement on this branch, or merge to take it in knowingly.'
        : 'None of our operations is broken by this change.',
    rows.length
      ? `### Changes\n\n| | change | where | our operations |\n|---|---|---|---|\n${rows.join('\n')}`
      : '### Changes\n\nNo change of the schema itself.',
    deprecations.length
      ? `### New deprecations\n\n| | coordinate | reason | first seen | replacement | our operations |\n|---|---|---|---|---|---|\n${deprecations.join('\n')}`
      : '',
    'Merge to accept the change as the new snapshot; close to keep the old one (the hourly monitor keeps telling the drift).',
  ];
  return `${sections.filter(Boolean).join('\n\n')}\n`;
}
