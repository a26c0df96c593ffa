import { pushMetrics, runMetrics } from '../report/metrics';
import type { Delivery, RunResult, Sink, SinkFactory } from './sink';

/** The run's metrics pushed to a Prometheus Pushgateway (PLUVO_PUSHGATEWAY_URL), replacing the job's group. */
class PushgatewaySink implements Sink {
  readonly id = 'pushgateway';
  readonly name = 'Pushgateway';
  readonly role = 'watch';

  constructor(private readonly url: string) {}

  async send(result: RunResult): Promise<Delivery> {
    const registry = runMetrics({ runs: result.targets.map((target) => target.summary), history: result.history, durationsMs: result.durationsMs });
    const line = await pushMetrics(registry, this.url);
    return { delivered: !line.includes('not pushed'), line };
  }
}

export const pushgatewaySink: SinkFactory = (settings) => (settings.pushgatewayUrl ? new PushgatewaySink(settings.pushgatewayUrl) : undefined);
