/**
 * The command line that runs a script of ours as its npm script does (`exec node --import tsx
 * <script>` in package.json), for a test that runs it without npm: one process, as under npm, where
 * tsx's own CLI would put a second node between the test and the script (and relay its signals).
 */
export function ourScript(script: string, args: readonly string[] = []): [string, string[]] {
  return [process.execPath, ['--import', 'tsx', script, ...args]];
}
