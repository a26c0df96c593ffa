/** Exit code for our own misconfiguration; 1 stays "a contract failed". */
export const CONFIG_EXIT_CODE = 2;

/** Bad input from the user: one line that names the variable and how to fix it. */
export class ConfigError extends Error {
  constructor(
    readonly variable: string,
    problem: string,
    fix: string,
  ) {
    // A problem that already ends its sentence (graphql-js's "Did you mean "count"?") gets no second stop.
    super(`${variable}: ${problem}${/[.?!]$/.test(problem) ? '' : '.'} ${fix}`);
    this.name = 'ConfigError';
  }
}

/** Print a ConfigError as its one line and exit 2; rethrow anything else. */
export function exitOnConfigError<T>(load: () => T): T {
  try {
    return load();
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`pluvo-contract-monitor: ${error.message}\n`);
      process.exit(CONFIG_EXIT_CODE);
    }
    throw error;
  }
}
