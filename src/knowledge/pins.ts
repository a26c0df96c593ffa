import { loadBaseline } from './baseline';
import { loadDeprecationLog } from './deprecation-log';
import type { TargetFile } from './target-file';
import { counted } from '../text/counted';

/**
 * Something a check observed that a committed file keeps (behaviour the docs leave open, the day a
 * deprecation was first seen): written at the end of a run that completed, and said so, never by
 * the check itself, and never by a run that was stopped.
 */
export interface Pin {
  /** The committed file: a target's baseline.json or deprecations.json. */
  file: string;
  target: string;
  key: string;
  value: unknown;
}

/**
 * Keep the pins of a completed run, each file written once, atomically, sorted; the first
 * observation stands (another worker may have pinned the same key). Returns one line a file, for
 * the console: a run never changes a committed file without saying so.
 */
export function keepPins(pins: readonly Pin[]): string[] {
  const byFile = new Map<string, Pin[]>();
  for (const pin of pins) byFile.set(pin.file, [...(byFile.get(pin.file) ?? []), pin]);
  const lines: string[] = [];
  for (const [path, filePins] of byFile) {
    // Each file as its own loader reads it, so it is written with its own comment.
    const file = (path.endsWith('deprecations.json') ? loadDeprecationLog(path) : loadBaseline(path)) as TargetFile<unknown>;
    const kept = filePins.filter((pin) => {
      const before = file.get(pin.target, pin.key);
      if (before !== undefined && JSON.stringify(before) === JSON.stringify(pin.value)) return false;
      // A deprecation seen before keeps its first date; only its reason may be new.
      const value =
        isFirstSeen(before) && isFirstSeen(pin.value) ? { ...pin.value, firstSeen: before.firstSeen } : before === undefined ? pin.value : undefined;
      if (value === undefined) return false;
      file.pin(pin.target, pin.key, value);
      return true;
    });
    if (!kept.length) continue;
    file.save();
    const targets = [...new Set(kept.map((pin) => pin.target))].join(', ');
    lines.push(`${path}: ${counted(kept.length, 'new observation')} for ${targets} kept; review them (git diff ${path}) and commit the file.`);
  }
  return lines;
}

function isFirstSeen(value: unknown): value is { firstSeen: string; reason: string } {
  return typeof value === 'object' && value !== null && typeof (value as { firstSeen?: unknown }).firstSeen === 'string';
}
