import type { DriftItem } from './drift';
import type { RadarItem } from './radar';
import { counted } from '../text/counted';

const cell = (text: string) => text.replace(/\|/g, '\\|').replace(/\n/g, ' ');
const VERDICT = { fail: 'FAIL', warn: 'warn', info: 'info' } as const;

export function driftTable(items: readonly DriftItem[], header: string): string {
  if (!items.length) return `${header}\n\nNo changes between the snapshot and the live schema.\n`;
  const rows = items.map(
    (i) => `| ${VERDICT[i.verdict]} | ${i.criticality} | \`${cell(i.path)}\` | ${cell(i.usedBy.join(', ') || '-')} | ${cell(i.message)} |`,
  );
  return `${header}\n\n| verdict | criticality | path | used by | change |\n|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

export function radarTable(items: readonly RadarItem[], header: string): string {
  if (!items.length) return `${header}\n\nNothing is deprecated in the live schema.\n`;
  const rows = items.map(
    (i) =>
      `| ${VERDICT[i.verdict]} | \`${cell(i.coordinate)}\` | ${i.kind} | ${cell(i.reason)} | ${i.since}${i.isNew ? ' (new)' : ''} | ${cell(i.usedBy.join(', ') || '-')} | ${cell(i.note)} |`,
  );
  return `${header}\n\n| verdict | deprecated | kind | reason | since | used by | note |\n|---|---|---|---|---|---|---|\n${rows.join('\n')}\n`;
}

/** One line for the console. */
export function countLine(label: string, items: ReadonlyArray<{ verdict: 'fail' | 'warn' | 'info' }>): string {
  const count = (v: string) => items.filter((i) => i.verdict === v).length;
  return `${label}: ${counted(items.length, 'item')}, ${count('fail')} failing, ${counted(count('warn'), 'warning')}, ${count('info')} info`;
}
