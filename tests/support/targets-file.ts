import { writeFileSync } from 'node:fs';
import { join } from 'node:path';

/**
 * A targets file in `dir` naming each organisation by the base URL it is served at, all with the
 * same credential variables (the sandbox's demo pair unless told otherwise); returns its path.
 */
export function writeTargetsFile(
  dir: string,
  baseUrls: Record<string, string>,
  credentials = { clientIdEnv: 'SANDBOX_ID', clientSecretEnv: 'SANDBOX_SECRET' },
): string {
  const path = join(dir, 'targets.json');
  writeFileSync(path, JSON.stringify({ targets: Object.entries(baseUrls).map(([name, baseUrl]) => ({ name, baseUrl, ...credentials })) }));
  return path;
}
