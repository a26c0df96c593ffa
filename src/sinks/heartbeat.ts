import { countLine, isPaging } from '../report/alert-policy';
import { sendHeartbeat, type HeartbeatSignal } from '../report/heartbeat';
import type { Delivery, RunResult, Sink, SinkFactory } from './sink';

/**
 * The dead-man's switch (PLUVO_HEARTBEAT_URL): fails while trouble is told, as Slack is, so a blip
 * held back from one is held back from the other; a stop sends nothing.
 */
class HeartbeatSink implements Sink {
  readonly id = 'heartbeat';
  readonly name = 'heartbeat';
  readonly role = 'watch';

  constructor(private readonly url: string) {}

  send(result: RunResult): Promise<Delivery> {
    const summaries = result.targets.map((target) => target.summary);
    const signal: HeartbeatSignal = summaries.some((summary) => summary.verdict === 'interrupted')
      ? 'stopped'
      : result.targets.some((target) => isPaging(target.decision.next))
        ? 'fail'
        : 'success';
    const body = summaries.map((summary) => `${summary.target}: verdict: ${summary.verdict}; ${countLine(summary)}`).join('\n');
    return sendHeartbeat(this.url, signal, body);
  }
}

export const heartbeatSink: SinkFactory = (settings) => (settings.heartbeatUrl ? new HeartbeatSink(settings.heartbeatUrl) : undefined);
