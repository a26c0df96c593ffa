import { IntrospectionError, type IntrospectionResult } from '../schema/introspect';
import type { CheckContext, CheckRecorder } from './check';

/** The run's introspected schema; when introspection fails, its exchanges and the failure are recorded. */
export async function liveSchemaOrFail(context: CheckContext, recorder: CheckRecorder): Promise<IntrospectionResult | undefined> {
  try {
    return await context.liveSchema();
  } catch (error) {
    if (!(error instanceof IntrospectionError)) throw error;
    error.exchanges.forEach((exchange) => recorder.record(exchange));
    recorder.fail(`The live schema could not be introspected: ${error.message}`, error.reason, error.key);
    return undefined;
  }
}
