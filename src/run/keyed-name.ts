import { createHash } from 'node:crypto';

/**
 * A file name in the run's folder for something of one target (or one check): a target's key is
 * its URL and client, which is not a file name, and two keys must never share one.
 */
export function keyedName(prefix: string, key: string): string {
  return `${prefix}-${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
}
