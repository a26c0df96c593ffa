import { pushMetrics } from '../report/metrics';
import type { Delivery, RunResult, Sink, SinkFactory } from './sink';

/** The run's metrics pushed to a Prometheus Pushgateway (PLUVO_PUSHGATEWAY_URL), replacing the job's group. */
class PushgatewaySink implements Sink {
  readonly id = 'pushgateway';
  readonly name = 'Pushgateway';
  readonly role = 'watch';

  constructor(private readonly url: string) {}

  async send(result: RunResult): Promise<Delivery> {
    // The registry the end of the run wrote to metrics.prom: the same figures, built once.
    if (!result.metrics) return { delivered: true, line: '' };
    return pushMetrics(result.metrics, this.url);
  }
}

export const pushgatewaySink: SinkFactory = (settings) => (settings.pushgatewayUrl ? new PushgatewaySink(settings.pushgatewayUrl) : undefined);
