/**
 * Run `work` with these environment variables set ('' clears one for code that reads `!!value`),
 * then put back what was there: tests of behaviour that depends on CI, in a suite that CI runs.
 */
export async function withEnv<T>(variables: Record<string, string>, work: () => T | Promise<T>): Promise<T> {
  const saved = Object.fromEntries(Object.keys(variables).map((name) => [name, process.env[name]]));
  Object.assign(process.env, variables);
  try {
    return await work();
  } finally {
    for (const [name, value] of Object.entries(saved)) {
      if (value === undefined) delete process.env[name];
      else process.env[name] = value;
    }
  }
}
