/**
 * Set these variables in this process, for a test that runs the product in-process; the function
 * returned puts the environment back exactly as it was, the variables it added removed.
 */
export function setProcessEnv(env: NodeJS.ProcessEnv): () => void {
  const saved = { ...process.env };
  Object.assign(process.env, env);
  return () => {
    for (const name of Object.keys(process.env)) if (!(name in saved)) delete process.env[name];
    Object.assign(process.env, saved);
  };
}
